package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule index ({@link RuleIndex}, {@link RequiredValues}): the literal values a rule requires, and the proof that
 * the index changes nothing: over SigmaHQ's rules and events, every event is matched by the same rules with the
 * index as by evaluating every rule of its logsources.
 */
class RuleIndexTest {

    private static String rule(String detection) {
        return "title: t\nid: r\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n" + detection;
    }

    private static List<String> keys(String detection) {
        List<java.util.Set<RequiredValues.Key>> sets = RequiredValues.of(rule(detection), 1);
        return sets == null ? null : sets.get(0).stream().map(k -> k.field() + " " + k.kind() + " " + k.value()).toList();
    }

    static Stream<Arguments> requirements() {
        return Stream.of(
                Arguments.of("  s:\n    Image|endswith: '\\CMD.exe'\n  condition: s", List.of("Image SEGMENT cmd.exe")),
                Arguments.of("  s:\n    Image|endswith:\n      - '\\a.exe'\n      - '/usr/bin/b'\n  condition: s",
                        List.of("Image SEGMENT a.exe", "Image SEGMENT b")),
                Arguments.of("  s:\n    OriginalFileName: 'Cmd.Exe'\n  condition: s", List.of("OriginalFileName EQUALS cmd.exe")),
                Arguments.of("  s:\n    Image: 'a\\*b'\n  condition: s", List.of("Image EQUALS a*b")),
                // the field with fewest values of an AND; the union of an OR (a list of maps)
                Arguments.of("  s:\n    Image|endswith: ['\\a.exe', '\\b.exe']\n    ParentImage|endswith: '\\c.exe'\n"
                        + "    CommandLine|contains: x\n  condition: s", List.of("ParentImage SEGMENT c.exe")),
                Arguments.of("  s:\n    - Image|endswith: '\\a.exe'\n    - OriginalFileName: 'a.exe'\n  condition: s",
                        List.of("Image SEGMENT a.exe", "OriginalFileName EQUALS a.exe")),
                Arguments.of("  a:\n    Image|endswith: '\\a.exe'\n  b:\n    CommandLine|contains: x\n  f:\n"
                        + "    ParentImage|endswith: '\\c.exe'\n  condition: a and b and not f", List.of("Image SEGMENT a.exe")),
                Arguments.of("  s1:\n    Image|endswith: '\\a.exe'\n  s2:\n    OriginalFileName: a.exe\n  condition: 1 of s*",
                        List.of("Image SEGMENT a.exe", "OriginalFileName EQUALS a.exe")),
                Arguments.of("  s:\n    Image|endswith|all: ['\\a.exe', x]\n  condition: s", List.of("Image SEGMENT a.exe")),
                // a text within the value, lower-cased whole as contains compares; windash: each form
                Arguments.of("  s:\n    CommandLine|contains: ' -EncodedCommand '\n  condition: s",
                        List.of("CommandLine CONTAINS  -encodedcommand ")),
                Arguments.of("  s:\n    CommandLine|windash|contains: ' -s '\n  condition: s", List.of(
                        "CommandLine CONTAINS  -s ", "CommandLine CONTAINS  /s ", "CommandLine CONTAINS  \u2013s ",
                        "CommandLine CONTAINS  \u2014s ", "CommandLine CONTAINS  \u2015s ")),
                // folded and found within the folded value: startswith, endswith without a separator, cased contains,
                // and the longest literal piece of a value with wildcards
                Arguments.of("  s:\n    Image|endswith: 'cmd.EXE'\n  condition: s", List.of("Image FOLDED cmd.exe")),
                Arguments.of("  s:\n    Image|startswith: 'C:\\Temp\\'\n  condition: s", List.of("Image FOLDED c:\\temp\\")),
                Arguments.of("  s:\n    CommandLine|contains|cased: 'X'\n  condition: s", List.of("CommandLine FOLDED x")),
                Arguments.of("  s:\n    Image|endswith: '\\a*.exe'\n  condition: s", List.of("Image FOLDED .exe")),
                Arguments.of("  s:\n    Image|endswith: '\\*.exe'\n  condition: s", List.of("Image FOLDED *.exe")), // escaped
                Arguments.of("  s:\n    Image: 'C:\\Windows\\cm?.exe'\n  condition: s", List.of("Image FOLDED c:\\windows\\cm")),
                // not indexable: no separator, wildcard, contains, another modifier, null, an OR with an open part, not
                // base64: the encoded text; base64offset: its three offset encodings (after a wide-like encoding)
                Arguments.of("  s:\n    CommandLine|base64: 'x'\n  condition: s", List.of("CommandLine FOLDED ea==")),
                Arguments.of("  s:\n    CommandLine|base64offset|contains: 'http'\n  condition: s",
                        List.of("CommandLine FOLDED ahr0c", "CommandLine FOLDED h0dh", "CommandLine FOLDED odhrw")),
                Arguments.of("  s:\n    CommandLine|wide|base64offset|contains: 'IEX'\n  condition: s",
                        List.of("CommandLine FOLDED sqbfafga", "CommandLine FOLDED karqbya", "CommandLine FOLDED jaeuawa")),
                Arguments.of("  s:\n    CommandLine|base64offset|contains: 'a'\n  condition: s", null), // an empty offset
                Arguments.of("  s:\n    CommandLine|wide|contains: 'x'\n  condition: s", null), // refused: no base64
                Arguments.of("  s:\n    CommandLine|contains: ''\n  condition: s", null),
                Arguments.of("  s:\n    Image: '*'\n  condition: s", null),
                Arguments.of("  s:\n    Image|endswith: ['\\a.exe', null]\n  condition: s", null),
                Arguments.of("  a:\n    Image|endswith: '\\a.exe'\n  b:\n    CommandLine|re: '[w-y]'\n  condition: a or b", null),
                Arguments.of("  a:\n    Image|endswith: '\\a.exe'\n  condition: not a", null),
                Arguments.of("  a:\n    Image|endswith: '\\a.exe'\n  b:\n    CommandLine|re: '.*'\n  condition: 1 of them", null),
                // a regular expression: the literal pieces every match contains, folded, whatever its flags
                Arguments.of("  s:\n    CommandLine|re: '\\\\Cmd\\.exe.*/c'\n  condition: s",
                        List.of("CommandLine FOLDED \\cmd.exe")),
                Arguments.of("  s:\n    CommandLine|re|i: '(ipconfig|ARP)\\s'\n  condition: s",
                        List.of("CommandLine FOLDED ipconfig", "CommandLine FOLDED arp")),
                Arguments.of("  s:\n    CommandLine|re:\n      - 'net\\s+user'\n      - 'whoami'\n  condition: s",
                        List.of("CommandLine FOLDED user", "CommandLine FOLDED whoami")),
                Arguments.of("  s:\n    CommandLine|re: '(?x) a b'\n  condition: s", null),
                Arguments.of("  s:\n    CommandLine|re: '(.){200,}'\n  condition: s", null));
    }

    @ParameterizedTest(name = "{0} requires {1}")
    @MethodSource("requirements")
    void aRuleRequiresTheLiteralValuesItCannotMatchWithout(String detection, List<String> expected) {
        assertThat(keys(detection)).isEqualTo(expected);
    }

    private static Map<String, Object> process(String image, String osName) {
        Map<String, Object> event = new HashMap<>();
        event.put("class_uid", 1007);
        event.put("activity_id", 1);
        event.put("device", Map.of("os", Map.of("name", osName)));
        event.put("process", Map.of("file", Map.of("path", image)));
        return event;
    }

    private static List<String> matches(RuleBook.Snapshot book, Map<String, Object> event) {
        List<String> out = new ArrayList<>();
        book.forEachMatch(event, r -> out.add(r.uid()));
        return out;
    }

    @Test
    void aLookedUpRuleMatchesWhatItsDetectionMatchesWithoutCase() {
        RuleBook.Snapshot book = new RuleBook(List.<String[]>of(
                new String[] {"cmd.yml", rule("  s:\n    Image|endswith: '\\cmd.exe'\n  condition: s").replace("id: r", "id: cmd")},
                new String[] {"exact.yml", rule("  s:\n    Image: 'C:\\Tools\\x.exe'\n  condition: s").replace("id: r", "id: exact")},
                new String[] {"cased.yml", rule("  s:\n    Image|endswith|cased: '\\Up.exe'\n  condition: s").replace("id: r", "id: cased")},
                new String[] {"sys.yml", rule("  s:\n    Image|contains: '\\System32\\'\n  condition: s").replace("id: r", "id: sys")},
                new String[] {"scan.yml", rule("  s:\n    Image|re: '(?i)[s-u][d-f][l-n][o-q]'\n  condition: s").replace("id: r", "id: scan")},
                new String[] {"b64.yml", rule("  s:\n    Image|base64offset|contains: 'http'\n  condition: s").replace("id: r", "id: b64")}))
                .inForce();
        assertThat(book.index().indexedRules()).isEqualTo(5);
        // base64offset: found at each of its offsets (as written: base64 compares case-sensitively), looked up
        assertThat(matches(book, process("C:\\x\\aHR0cDovL2E=.exe", "Windows"))).containsExactly("b64");
        assertThat(matches(book, process("C:\\x\\Zmh0dHA6.exe", "Windows"))).containsExactly("b64");
        assertThat(matches(book, process("C:\\x\\ZmZodHRwOg==.exe", "Windows"))).containsExactly("b64");
        assertThat(matches(book, process("C:\\x\\AHR0CDOVL2E=.exe", "Windows"))).isEmpty();
        assertThat(book.index().candidates(process("C:\\x\\AHR0CDOVL2E=.exe", "Windows"))).isEqualTo(2);

        assertThat(matches(book, process("C:\\WINDOWS\\SYSTEM32\\CMD.EXE", "Windows"))).containsExactly("cmd", "sys");
        assertThat(matches(book, process("C:\\WINDOWS\\System\\CMD.EXE", "Windows"))).containsExactly("cmd");
        assertThat(matches(book, process("C:/x/cmd.exe", "Windows"))).isEmpty(); // ends with /cmd.exe, not \cmd.exe
        assertThat(matches(book, process("C:\\x\\notcmd.exe", "Windows"))).isEmpty();
        assertThat(matches(book, process("cmd.exe", "Windows"))).isEmpty();
        assertThat(matches(book, process("c:\\tools\\X.EXE", "Windows"))).containsExactly("exact");
        assertThat(matches(book, process("C:\\Temp\\Up.exe", "Windows"))).containsExactly("cased", "scan");
        assertThat(matches(book, process("C:\\Temp\\UP.exe", "Windows"))).containsExactly("scan");
        assertThat(matches(book, process("C:\\Windows\\cmd.exe", "Linux"))).isEmpty(); // not its OS
        // only the rule a value points at, and the one that cannot be looked up, are evaluated
        assertThat(book.index().candidates(process("C:\\Windows\\cmd.exe", "Windows"))).isEqualTo(2);
        assertThat(book.index().candidates(process("C:\\Windows\\other.exe", "Windows"))).isEqualTo(1);
    }

    /**
     * An event's fields are read once for all the rules evaluated on it, and only for it: events evaluated in a row,
     * and the same event changed between two evaluations, each meet the rules with their own values (a rule that is
     * not looked up, {@code not cmd}, reads {@code Image} on every event).
     */
    @Test
    void eachEventIsMatchedOnItsOwnFieldsNotOnThePreviousEventsOnes() {
        RuleBook.Snapshot book = new RuleBook(List.<String[]>of(
                new String[] {"cmd.yml", rule("  s:\n    Image|endswith: '\\cmd.exe'\n  condition: s").replace("id: r", "id: cmd")},
                new String[] {"notcmd.yml", rule("  s:\n    Image|endswith: '\\cmd.exe'\n  condition: not s").replace("id: r", "id: notcmd")},
                new String[] {"either.yml", rule("  s:\n    Image|endswith: ['\\cmd.exe', '\\other.exe']\n  t:\n"
                        + "    Image|re: 'ot.er'\n  condition: s and not t").replace("id: r", "id: either")}))
                .inForce();
        assertThat(matches(book, process("C:\\Windows\\cmd.exe", "Windows"))).containsExactly("cmd", "either");
        assertThat(matches(book, process("C:\\Windows\\other.exe", "Windows"))).containsExactly("notcmd");
        assertThat(matches(book, process("C:\\Windows\\cmd.exe", "Windows"))).containsExactly("cmd", "either");

        Map<String, Object> changing = process("C:\\Windows\\other.exe", "Windows");
        assertThat(matches(book, changing)).containsExactly("notcmd");
        changing.put("process", Map.of("file", Map.of("path", "C:\\Windows\\cmd.exe")));
        assertThat(matches(book, changing)).containsExactly("cmd", "either");
    }

    /**
     * A field looked up by {@code contains} texts and by folded ones (startswith, endswith without a separator): an
     * ASCII value finds both kinds in one pass over it lower-cased, any other value in a pass over its fold and one
     * over its lower case; either way, the rules found are those whose detection matches.
     */
    @Test
    void textsWithinAValueAreFoundInOnePassAsInTwo() {
        RuleBook.Snapshot book = new RuleBook(List.<String[]>of(
                new String[] {"within.yml", rule("  s:\n    Image|contains: '\\Temp\\'\n  condition: s").replace("id: r", "id: within")},
                new String[] {"starts.yml", rule("  s:\n    Image|startswith: 'C:\\Users\\'\n  condition: s").replace("id: r", "id: starts")},
                new String[] {"ends.yml", rule("  s:\n    Image|endswith: 'Tool.EXE'\n  condition: s").replace("id: r", "id: ends")}))
                .inForce();
        assertThat(book.index().indexedRules()).isEqualTo(3);
        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put("C:\\USERS\\bob\\TEMP\\mytool.exe", List.of("within", "starts", "ends"));
        expected.put("D:\\Temp\\x.exe", List.of("within"));
        expected.put("c:\\users\\x.exe", List.of("starts"));
        expected.put("D:\\x\\MYTOOL.exe", List.of("ends"));
        expected.put("D:\\x\\y.exe", List.of());
        // not ASCII: the fold of the long s is s (startswith compares ignoring case as the fold does), its lower case
        // is itself
        expected.put("C:\\U\u017Fers\\x.exe", List.of("starts"));
        expected.put("C:\\Users\\Zo\u00EB\\Temp\\TOOL.exe", List.of("within", "starts", "ends"));
        expected.put("D:\\Zo\u00EB\\x.exe", List.of());
        expected.forEach((image, rules) -> {
            Map<String, Object> event = process(image, "Windows");
            List<String> scanned = new ArrayList<>();
            book.forEachMatchScanning(event, r -> scanned.add(r.uid()));
            assertThat(matches(book, event)).as(image).containsExactlyElementsOf(rules).isEqualTo(scanned);
            assertThat(book.index().candidates(event)).as(image).isEqualTo(rules.size());
        });
    }

    @Test
    void foldingKeepsWhatIgnoringCaseComparesAndEverySeparator() {
        assertThat(RuleIndex.fold("C:\\WINDOWS\\Cmd.EXE")).isEqualTo("c:\\windows\\cmd.exe");
        // Java compares ignoring case character by character: the dotted capital I and the Kelvin sign fold alike
        assertThat("\u0130".equalsIgnoreCase("i\u0307")).isFalse();
        assertThat("K".equalsIgnoreCase("\u212A")).isTrue();
        assertThat(RuleIndex.fold("\u212A")).isEqualTo(RuleIndex.fold("k"));
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String folded = RuleIndex.fold(String.valueOf(c));
            assertThat(folded.equals("\\") || folded.equals("/")).as("U+%04X", (int) c).isEqualTo(c == '\\' || c == '/');
        }
        assertThat(RuleIndex.lastSegment("c:\\x/y\\z.exe")).isEqualTo("z.exe");
        assertThat(RuleIndex.lastSegment("z.exe")).isEqualTo("z.exe");
    }

    /**
     * SigmaHQ's Windows, Linux, macOS and AWS rules over SigmaHQ's regression events (as the Sysmon source writes
     * them), the demo's CrowdStrike process events, and each of them upper-cased and as from a Linux and a macOS
     * device: for every event, the rules matched with the index are those matched by evaluating every rule.
     */
    @Test
    void theIndexMatchesWhatEvaluatingEveryRuleMatchesOnSigmaHqRulesAndEvents() {
        Path sigma = Fixtures.folder("sigma");
        List<String[]> files = new ArrayList<>();
        for (String folder : List.of("windows", "linux", "macos", "cloud/aws")) {
            Path root = sigma.resolve("rules").resolve(folder);
            SigmaHqCorpusTest.files(root).forEach(f -> files.add(new String[] {folder + "/" + f[0], f[1]}));
        }
        RuleBook.Snapshot book = RuleBook.build(files, List.of(), RuleBook.Selection.DEFAULT);
        List<Map<String, Object>> base = new ArrayList<>(ProcessEvents.regression(sigma.resolve("regression_data")));
        base.addAll(ProcessEvents.demo(DemoSource.CROWDSTRIKE_PROCESS, 2_000));
        base.addAll(ProcessEvents.demo(DemoSource.CLOUD_TRAIL_MGMT, 500));
        List<Map<String, Object>> events = new ArrayList<>();
        for (Map<String, Object> event : base) {
            events.add(event);
            events.add(ProcessEvents.upperCased(event));
            events.add(ProcessEvents.onOs(event, 200, "Linux"));
            events.add(ProcessEvents.onOs(event, 300, "macOS"));
        }

        int matched = 0;
        long evaluated = 0;
        long inScope = 0;
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> event = events.get(i);
            List<String> indexed = new ArrayList<>();
            List<String> scanned = new ArrayList<>();
            book.forEachMatch(event, r -> indexed.add(r.uid()));
            book.forEachMatchScanning(event, r -> scanned.add(r.uid()));
            if (!indexed.equals(scanned)) {
                differences.add("event " + i + " (class " + event.get("class_uid") + "): indexed " + indexed
                        + ", every rule " + scanned);
            }
            matched += scanned.isEmpty() ? 0 : 1;
            evaluated += book.index().candidates(event);
            inScope += book.byLogsource().entrySet().stream().filter(e -> e.getKey().selects(event))
                    .mapToInt(e -> e.getValue().size()).sum();
        }
        System.out.printf("rule index: %d of %d rules looked up by value; %d events, %d matched by a rule; "
                        + "%.1f rules evaluated an event of the %.1f its logsources hold%n", book.index().indexedRules(),
                book.rules().size(), events.size(), matched, evaluated / (double) events.size(), inScope / (double) events.size());
        assertThat(differences).as("events the index matches otherwise").isEmpty();
        // not a vacuous comparison: SigmaHQ's rules match many of these events, and most rules are looked up
        assertThat(matched).isGreaterThan(200);
        assertThat(book.index().indexedRules()).isGreaterThan(book.rules().size() / 2);
        assertThat(evaluated).isLessThan(inScope / 3);
    }
}
