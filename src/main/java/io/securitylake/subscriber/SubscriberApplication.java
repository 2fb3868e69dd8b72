package io.securitylake.subscriber;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Security Lake Subscriber: SQS notifications → S3 Parquet → OCSF events → per-tenant PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SubscriberApplication {

    public static void main(String[] args) {
        SpringApplication.run(SubscriberApplication.class, args);
    }
}
