package io.securitylake.subscriber.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/** A scrape of {@code /actuator/prometheus}: series (name with labels) to value. */
record PrometheusText(Map<String, Double> series) {

    static PrometheusText parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new PrometheusText(series);
    }

    /** Sum of every series of the metric whose labels include all the given {@code name="value"} pairs. */
    double sum(String metric, String... labels) {
        double sum = 0;
        for (var e : series.entrySet()) {
            String key = e.getKey();
            if (!(key.equals(metric) || key.startsWith(metric + "{"))) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= key.contains(label);
            }
            if (all) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    boolean has(String metric) {
        return series.keySet().stream().anyMatch(k -> k.equals(metric) || k.startsWith(metric + "{"));
    }
}
