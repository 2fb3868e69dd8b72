package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * SigmaHQ's regression tests ({@code regression_data/rules/<folder>/<rule file name>/}): the rule each names
 * ({@code info.yml}'s {@code rule_metadata[].id}), the match count it expects, and the Windows events
 * ({@code Event} objects) of its JSON file, which holds one event, a list, or several JSON values one after another.
 */
final class SigmaRegression {

    /**
     * @param name       the test's folder (the rule's file name)
     * @param matchCount the matches SigmaHQ expects; null where {@code info.yml} gives none (then: at least one)
     */
    record Case(String name, String ruleId, Integer matchCount, List<Map<String, Object>> events) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SigmaRegression() {
    }

    @SuppressWarnings("unchecked")
    static List<Case> cases(Path root) {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path info : walk.filter(p -> p.getFileName().toString().equals("info.yml")).sorted().toList()) {
                Map<String, Object> yaml = new Yaml().load(Files.readString(info));
                List<Map<String, Object>> rules = (List<Map<String, Object>>) yaml.get("rule_metadata");
                List<Map<String, Object>> tests = (List<Map<String, Object>>) yaml.get("regression_tests_info");
                if (rules == null || rules.isEmpty() || tests == null || tests.isEmpty()) {
                    continue;
                }
                Object count = tests.get(0).get("match_count");
                List<Map<String, Object>> events = new ArrayList<>();
                try (Stream<Path> files = Files.list(info.getParent())) {
                    for (Path json : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                        try (MappingIterator<Object> values = JSON.readerFor(Object.class).readValues(json.toFile())) {
                            while (values.hasNext()) {
                                Object value = values.next();
                                for (Object item : value instanceof List<?> list ? list : List.of(value)) {
                                    events.add((Map<String, Object>) ((Map<String, Object>) item).get("Event"));
                                }
                            }
                        }
                    }
                }
                out.add(new Case(info.getParent().getFileName().toString(), String.valueOf(rules.get(0).get("id")),
                        count instanceof Number n ? n.intValue() : null, events));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
