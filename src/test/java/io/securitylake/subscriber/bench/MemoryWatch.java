package io.securitylake.subscriber.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of this JVM: the largest heap in use just before any collection (from GC notifications, exact at
 * those moments) or seen by a 10 ms sampler, and the largest heap still in use after a collection (live data).
 */
final class MemoryWatch {

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();

    static MemoryWatch start() {
        MemoryWatch watch = new MemoryWatch();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                    watch.peakUsed.accumulateAndGet(heap(info.getMemoryUsageBeforeGc()), Math::max);
                    watch.peakAfterGc.accumulateAndGet(heap(info.getMemoryUsageAfterGc()), Math::max);
                }
            }, null, null);
        }
        Thread sampler = new Thread(() -> {
            while (true) {
                watch.peakUsed.accumulateAndGet(
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-watch");
        sampler.setDaemon(true);
        sampler.start();
        return watch;
    }

    /** Heap pools only: G1's Eden, Survivor and Old Gen (or the equivalents of another collector). */
    private static long heap(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pools.get(pool.getName());
            if (usage != null && pool.getType() == java.lang.management.MemoryType.HEAP) {
                sum += usage.getUsed();
            }
        }
        return sum;
    }

    Map<String, Object> figures() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += gc.getCollectionCount();
            gcMillis += gc.getCollectionTime();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("heap_peak_used_mb", peakUsed.get() >> 20);
        out.put("heap_peak_after_gc_mb", peakAfterGc.get() >> 20);
        out.put("heap_max_mb", Runtime.getRuntime().maxMemory() >> 20);
        out.put("rss_peak_mb", Bench.statusMb("VmHWM"));
        out.put("cpu_s", Bench.round(os.getProcessCpuTime() / 1e9));
        out.put("gc_count", gcCount);
        out.put("gc_s", Bench.round(gcMillis / 1e3));
        return out;
    }
}
