package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.sigma.SigmaRule;
import io.securitylake.subscriber.stack.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SigmaHQ's published rules (the shared fixtures' {@code sigma/rules}; skipped without them), each folder loaded as
 * {@code lake.rules.dir} would load it with the default statuses: at least the measured share loads, and the census
 * (loaded, refused by reason) is printed for the record.
 */
class SigmaHqCorpusTest {

    static Stream<Arguments> folders() {
        return Stream.of(
                Arguments.of("windows/process_creation", 1183),
                Arguments.of("windows/image_load", 100),
                Arguments.of("windows/driver_load", 10),
                Arguments.of("windows/file", 188),
                Arguments.of("windows/registry", 247),
                Arguments.of("windows/network_connection", 51),
                Arguments.of("windows/dns_query", 22),
                Arguments.of("windows/process_access", 23),
                Arguments.of("windows/create_remote_thread", 11),
                Arguments.of("linux/process_creation", 122),
                Arguments.of("macos/process_creation", 67),
                Arguments.of("cloud/aws", 57),
                Arguments.of("windows", 1835),
                Arguments.of("linux", 135),
                Arguments.of("macos", 69));
    }

    @ParameterizedTest(name = "{0}: at least {1} load")
    @MethodSource("folders")
    void aSigmaHqFolderLoadsAsMeasured(String folder, int atLeast) {
        Path root = Fixtures.folder("sigma").resolve("rules").resolve(folder);
        RuleBook.Snapshot book = RuleBook.build(files(root), List.of(), RuleBook.Selection.DEFAULT);

        StringBuilder census = new StringBuilder(folder + ": " + book.rules().size() + " loaded, "
                + book.refused().size() + " refused\n");
        Map<String, List<RuleBook.Refusal>> byReason = new java.util.TreeMap<>(RuleBook.byReason(book.refused().stream()
                .filter(r -> !"logsource".equals(r.field())).toList()));
        book.refused().stream().filter(r -> "logsource".equals(r.field())).forEach(r -> byReason.computeIfAbsent(
                "unknown logsource " + r.reason().split("'")[1], k -> new java.util.ArrayList<>()).add(r));
        byReason.entrySet().stream().sorted((x, y) -> y.getValue().size() - x.getValue().size())
                .forEach(e -> census.append("  ").append(e.getValue().size()).append("  ").append(e.getKey()).append('\n'));
        List<SigmaRule> silent = book.rules().stream().filter(r -> r.raises() && !r.silent().isEmpty()).toList();
        census.append("  silent by construction: ").append(silent.size()).append(" rules;");
        silent.stream().flatMap(r -> r.silent().stream()).collect(java.util.stream.Collectors.groupingBy(f -> f,
                        java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                .entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(12)
                .forEach(e -> census.append(' ').append(e.getKey()).append(' ').append(e.getValue()).append(','));
        census.append('\n');
        System.out.println(census);
        assertThat(book.rules().size()).as(census.toString()).isGreaterThanOrEqualTo(atLeast);
    }

    static List<String[]> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().map(f -> {
                try {
                    return new String[] {root.relativize(f).toString(), Files.readString(f)};
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
