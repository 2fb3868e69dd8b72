package io.securitylake.subscriber.backfill;

import io.securitylake.subscriber.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads that read backfilled objects (route {@code backfill}'s split): {@code lake.backfill.concurrency}
 * of them, whatever the size of a backfill, so the queue's consumers keep their share of the machine.
 */
@Configuration(proxyBeanMethods = false)
class BackfillPool {

    @Bean(name = "backfillThreads", destroyMethod = "shutdownNow")
    ExecutorService backfillThreads(BackfillSettings backfillSettings) {
        return Executors.newFixedThreadPool(backfillSettings.concurrency(), DaemonThreads.named("lake-backfill"));
    }
}
