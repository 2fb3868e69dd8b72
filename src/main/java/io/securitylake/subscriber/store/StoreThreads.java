package io.securitylake.subscriber.store;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads that enrich and store chunks while the splitting thread decodes the next one (the chunk split of
 * {@code ingest-object}). No queue, and the caller runs a chunk itself when every thread is busy: decoding can
 * never run ahead of the database, so at most {@code threads + consumers} chunks are in memory at once.
 */
@Configuration(proxyBeanMethods = false)
class StoreThreads {

    @Bean(name = "storeChunkPool", destroyMethod = "shutdown")
    ExecutorService storeChunkPool(@Value("${lake.ingest.store-threads:3}") int threads) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "store-chunk-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }
}
