package io.securitylake.subscriber.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers of the benchmark: settings from system properties, rounding, percentiles, /proc reads. */
final class Bench {

    private Bench() {
    }

    /**
     * A service process's settings for the embedded lake: its queue, the lake's endpoints and credentials, the
     * control database, {@code tenant} on {@code account} keeping every day (generated events are of fixed past days).
     */
    static Map<String, String> embeddedService(io.securitylake.subscriber.stack.EmbeddedLake lake, String queue,
                                               String tenant, String account) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("lake.queue-url", queue);
        settings.put("lake.aws.sqs-endpoint", lake.sqsEndpoint().toString());
        settings.put("lake.aws.s3-endpoint", lake.s3Endpoint().toString());
        settings.put("spring.datasource.url", lake.jdbcUrl("postgres"));
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "");
        settings.put("lake.tenants." + tenant + ".accounts", account);
        settings.put("lake.tenants." + tenant + ".retention-days", "36500");
        settings.put("aws.accessKeyId", io.securitylake.subscriber.stack.EmbeddedLake.ACCESS_KEY);
        settings.put("aws.secretAccessKey", io.securitylake.subscriber.stack.EmbeddedLake.SECRET_KEY);
        return settings;
    }

    /** The same for tenant acme, with the spool in {@code spoolDir}. */
    static Map<String, String> embeddedService(io.securitylake.subscriber.stack.EmbeddedLake lake, String queue,
                                               String account, Path spoolDir) {
        Map<String, String> settings = embeddedService(lake, queue, "acme", account);
        settings.put("lake.ingest.spool-dir", spoolDir.toAbsolutePath().toString());
        return settings;
    }

    static long longSetting(String name, long fallback) {
        return Long.parseLong(System.getProperty(name, String.valueOf(fallback)).replace("_", ""));
    }

    static int intSetting(String name, int fallback) {
        return (int) longSetting(name, fallback);
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Nearest-rank percentile of {@code values} (p in 0..100). */
    static long percentile(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** A field of /proc/&lt;pid&gt;/stat counted after the command name (0 = state, 1 = ppid, 11 = utime). */
    static long[] procStat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long[] out = new long[15]; // up to cstime: later fields (rsslim) can overflow a long
            for (int i = 1; i < out.length; i++) {
                out[i] = Long.parseLong(fields[i]);
            }
            return out;
        } catch (IOException | NumberFormatException e) {
            return null; // the process ended meanwhile
        }
    }

    /** A "kB" line of /proc/self/status (VmHWM, VmRSS) in MB. */
    static long statusMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // not Linux: no figure
        }
        return -1;
    }
}
