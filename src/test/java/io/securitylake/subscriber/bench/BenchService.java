package io.securitylake.subscriber.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.SubscriberApplication;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import org.apache.camel.CamelContext;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service as the benchmark runs it: its own JVM with default settings, configured by system properties.
 * Prints {@code BENCH-READY} once it consumes (databases migrated, consumer route started); on stdin, {@code stats} prints {@code BENCH-STATS <json>}
 * (peak heap, peak RSS, CPU) and {@code stop} (or end of input) shuts it down.
 */
public final class BenchService {

    static final String READY = "BENCH-READY";
    static final String STATS = "BENCH-STATS ";

    private BenchService() {
    }

    public static void main(String[] args) throws Exception {
        MemoryWatch memory = MemoryWatch.start();
        ConfigurableApplicationContext context = SpringApplication.run(SubscriberApplication.class, args);
        CamelContext camel = context.getBean(CamelContext.class);
        while (!camel.getRouteController().getRouteStatus("lake-notifications").isStarted()) {
            Thread.sleep(100); // the start-up task migrates the databases first, then starts consuming
        }
        System.out.println(READY);
        ObjectMapper json = new ObjectMapper();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line = in.readLine(); line != null && !"stop".equals(line.trim()); line = in.readLine()) {
            if ("stats".equals(line.trim())) {
                System.out.println(STATS + json.writeValueAsString(memory.figures()));
            }
        }
        context.close();
        System.exit(0);
    }
}
