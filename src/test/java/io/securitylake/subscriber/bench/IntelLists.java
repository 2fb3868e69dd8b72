package io.securitylake.subscriber.bench;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The indicators of the benchmark's intelligence phase: plain lists (one value a line, the shape abuse.ch and most
 * vendors publish) of IPv4 addresses, domains and SHA-256 hashes, {@code total} values in all that the generated
 * events do not carry (addresses in 240.0.0.0/4, domains under {@code bad.example}, random hashes), plus
 * {@link #HITS}: three documentation addresses the generated VPC flow and API events do carry. Written once per size
 * to {@code dir} and reused (the same size gives the same files).
 */
final class IntelLists {

    /** Addresses the events carry (DemoValues' public addresses): a few hits, so matches go on to detections. */
    static final List<String> HITS = List.of("203.0.113.7", "198.51.100.77", "192.0.2.200");

    private IntelLists() {
    }

    /** Feed name → list file and its STIX-style type ({@code lake.intel.feeds[i].type}). */
    static Map<String, String[]> write(Path dir, int total) throws Exception {
        Files.createDirectories(dir);
        int addresses = total * 4 / 10;
        int domains = total * 3 / 10;
        int hashes = total - addresses - domains;
        Map<String, String[]> feeds = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(26);
        HexFormat hex = HexFormat.of();
        feeds.put("bench-ipv4", new String[] {list(dir, "ipv4-" + total + ".txt", addresses, HITS,
                () -> "24" + random.nextInt(10) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                        + random.nextInt(256)).toString(), "ipv4-addr"});
        feeds.put("bench-domains", new String[] {list(dir, "domains-" + total + ".txt", domains, List.of(),
                () -> "d" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + ".bad.example").toString(),
                "domain-name"});
        feeds.put("bench-sha256", new String[] {list(dir, "sha256-" + total + ".txt", hashes, List.of(), () -> {
            byte[] b = new byte[32];
            random.nextBytes(b);
            return hex.formatHex(b);
        }).toString(), "sha-256"});
        return feeds;
    }

    private static Path list(Path dir, String name, int count, List<String> hits,
                             java.util.function.Supplier<String> value) throws Exception {
        Path file = dir.resolve(name).toAbsolutePath();
        if (Files.exists(file)) {
            return file;
        }
        Path partial = dir.resolve(name + ".partial");
        try (BufferedWriter out = Files.newBufferedWriter(partial)) {
            for (String hit : hits) {
                out.write(hit);
                out.newLine();
            }
            for (int i = hits.size(); i < count; i++) {
                out.write(value.get());
                out.newLine();
            }
        }
        Files.move(partial, file);
        return file;
    }
}
