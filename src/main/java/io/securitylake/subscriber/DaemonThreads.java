package io.securitylake.subscriber;

import java.util.concurrent.ThreadFactory;

/** Threads of the service's own pools: named for thread dumps and JFR, daemons so they never hold up a shutdown. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
