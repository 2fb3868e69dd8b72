package io.securitylake.subscriber.bench;

import io.securitylake.subscriber.bench.BenchFiles.BenchObject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** How both hand-written loaders work: threads, each with its connection, take whole objects until none is left. */
final class ObjectLoad {

    /** Connects one loading thread. */
    interface Connect {
        Connection open() throws Exception;
    }

    /** Writes one object over the thread's connection; returns its events written. */
    interface Load {
        long object(Connection connection, BenchObject object) throws Exception;
    }

    private ObjectLoad() {
    }

    /** Loads every object on {@code threads} threads; returns the number of events written. */
    static long inThreads(List<BenchObject> objects, int threads, Connect connect, Load load) throws Exception {
        ConcurrentLinkedQueue<BenchObject> queue = new ConcurrentLinkedQueue<>(objects);
        AtomicLong written = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    try (Connection c = connect.open()) {
                        for (BenchObject o = queue.poll(); o != null; o = queue.poll()) {
                            written.addAndGet(load.object(c, o));
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
        return written.get();
    }
}
