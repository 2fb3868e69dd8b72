package io.securitylake.subscriber.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sigma's values and modifiers as the specification (and pySigma, its reference implementation) defines them, each
 * with the specification's own examples where it gives some: escaping, {@code windash}, {@code base64},
 * {@code base64offset}, {@code wide} and its kin, {@code cased}, {@code exists}, {@code fieldref}, {@code re} flags,
 * and YAML 1.2's text {@code yes} / {@code on}.
 */
class FieldMatcherTest {

    private static final String HEAD = "title: t\nid: m1\nlogsource: {product: crowdstrike}\ndetection:\n";

    private static SigmaRule rule(String selection) {
        return SigmaParser.parse("m1.yml", "m1", HEAD + "  s:\n    " + selection + "\n  condition: s\n");
    }

    private static Map<String, Object> process(String cmdLine) {
        Map<String, Object> process = new HashMap<>();
        process.put("cmd_line", cmdLine);
        process.put("name", "powershell.exe");
        process.put("file", Map.of("path", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"));
        Map<String, Object> event = new HashMap<>();
        event.put("class_uid", 1007);
        event.put("metadata", Map.of("product", Map.of("vendor_name", "CrowdStrike")));
        event.put("process", process);
        return event;
    }

    static Stream<Arguments> matching() {
        return Stream.of(
                // a value ending in a single backslash: literal, before the added wildcard
                Arguments.of("contains '\\Temp\\'", "process.cmd_line|contains: '\\Temp\\'", "copy x C:\\Users\\a\\AppData\\Local\\Temp\\y.exe", true),
                Arguments.of("startswith 'C:\\Windows\\'", "process.file.path|startswith: 'C:\\Windows\\'", "x", true),
                Arguments.of("endswith '\\'", "process.cmd_line|endswith: 'Temp\\'", "cd C:\\Temp\\", true),
                Arguments.of("trailing backslash is not a wildcard", "process.cmd_line|contains: '\\Temp\\'", "C:\\Tempest", false),
                Arguments.of("escaped star is a star", "process.cmd_line|contains: 'a\\*b'", "x a*b y", true),
                Arguments.of("escaped star is no wildcard", "process.cmd_line|contains: 'a\\*b'", "x aXb y", false),
                Arguments.of("double backslash is one", "process.cmd_line: 'a\\\\b'", "a\\b", true),
                Arguments.of("? is one character", "process.cmd_line: 'a?c'", "abc", true),
                Arguments.of("wildcard inside contains", "process.cmd_line|contains: 'net*user'", "net.exe localgroup user", true),
                // windash: '-' that starts an option also as '/', en dash, em dash, horizontal bar
                Arguments.of("windash, dash", "process.cmd_line|windash|contains: ' -exec bypass'", "powershell -exec bypass", true),
                Arguments.of("windash, slash", "process.cmd_line|windash|contains: ' -exec bypass'", "powershell /exec bypass", true),
                Arguments.of("windash, en dash", "process.cmd_line|windash|contains: ' -exec bypass'", "powershell \u2013exec bypass", true),
                Arguments.of("windash, em dash", "process.cmd_line|windash|contains: ' -exec bypass'", "powershell \u2014exec bypass", true),
                Arguments.of("windash, horizontal bar", "process.cmd_line|windash|contains: ' -exec bypass'", "powershell \u2015exec bypass", true),
                Arguments.of("without windash a slash is a slash", "process.cmd_line|contains: ' -exec bypass'", "powershell /exec bypass", false),
                Arguments.of("windash, two options", "process.cmd_line|windash|contains|all: [' -w hidden', ' -nop']", "x /w hidden \u2013nop", true),
                // base64: the encoded value, compared exactly
                Arguments.of("base64", "process.cmd_line|base64|contains: 'Invoke-Mimikatz'", "-e SW52b2tlLU1pbWlrYXR6 x", true),
                Arguments.of("base64 is case-sensitive", "process.cmd_line|base64|contains: 'Invoke-Mimikatz'", "-e sw52b2tllu1pbwlrYXR6 x", false),
                // base64offset: the specification's example, 'http://' at each of the three offsets
                Arguments.of("base64offset, offset 0", "process.cmd_line|base64offset|contains: 'http://'", "x aHR0cDovL2V2aWw= y", true),
                Arguments.of("base64offset, offset 1", "process.cmd_line|base64offset|contains: 'http://'", "eGh0dHA6Ly9ldmls", true),
                Arguments.of("base64offset, offset 2", "process.cmd_line|base64offset|contains: 'http://'", "eHhodHRwOi8vZXZpbA==", true),
                Arguments.of("base64offset, other text", "process.cmd_line|base64offset|contains: 'http://'", "aHR0cHM6Ly9ldmls", false),
                // wide (utf16le) before base64offset: how PowerShell's -EncodedCommand carries text
                Arguments.of("wide|base64offset", "process.cmd_line|wide|base64offset|contains: 'ping'", "-enc cABpAG4AZwAgAHgA", true),
                Arguments.of("utf16le|base64offset", "process.cmd_line|utf16le|base64offset|contains: 'ping'", "-enc IABwAGkAbgBnAA==", true),
                Arguments.of("utf16be|base64", "process.cmd_line|utf16be|base64|contains: 'IEX'", "AEkARQBY", true),
                Arguments.of("utf16 (with BOM)|base64offset", "process.cmd_line|utf16|base64offset|contains: 'ping'", "//5wAGkAbgBnAA==", true),
                // cased
                Arguments.of("cased, same case", "process.cmd_line|cased|contains: 'Bypass'", "-ep Bypass", true),
                Arguments.of("cased, other case", "process.cmd_line|cased|contains: 'Bypass'", "-ep bypass", false),
                Arguments.of("uncased ignores case", "process.cmd_line|contains: 'Bypass'", "-ep BYPASS", true),
                Arguments.of("endswith ignores case", "process.cmd_line|endswith: 'TEMP\\'", "cd c:\\temp\\", true),
                Arguments.of("startswith ignores case", "process.cmd_line|startswith: 'CMD /C'", "cmd /c whoami", true),
                Arguments.of("equals ignores case", "process.cmd_line: 'WHOAMI'", "whoami", true),
                Arguments.of("cased endswith", "process.cmd_line|cased|endswith: 'TEMP'", "c:\\temp", false),
                Arguments.of("cased startswith", "process.cmd_line|cased|startswith: 'CMD'", "cmd /c", false),
                Arguments.of("endswith longer than the value", "process.cmd_line|endswith: 'a long needle'", "needle", false),
                // exists
                Arguments.of("exists: true, present", "process.cmd_line|exists: true", "x", true),
                Arguments.of("exists: true, absent", "process.parent_process.cmd_line|exists: true", "x", false),
                Arguments.of("exists: false, absent", "process.parent_process.cmd_line|exists: false", "x", true),
                // fieldref: the specification's example compares two fields of the event
                Arguments.of("fieldref, equal", "process.cmd_line|fieldref: process.name", "POWERSHELL.EXE", true),
                Arguments.of("fieldref, different", "process.cmd_line|fieldref: process.name", "cmd.exe", false),
                Arguments.of("fieldref, absent other", "process.cmd_line|fieldref: process.parent_process.name", "x", false),
                // re flags
                Arguments.of("re is case-sensitive", "process.cmd_line|re: 'bypass'", "BYPASS", false),
                Arguments.of("re|i", "process.cmd_line|re|i: 'bypass'", "BYPASS", true),
                Arguments.of("re|m", "process.cmd_line|re|m: '^b$'", "a\nb\nc", true),
                Arguments.of("re|s", "process.cmd_line|re|s: 'a.b'", "a\nb", true),
                // YAML 1.2: unquoted yes / on are text, true is a boolean
                Arguments.of("unquoted yes is text", "process.cmd_line: yes", "yes", true),
                Arguments.of("unquoted on is text", "process.cmd_line: on", "ON", true),
                Arguments.of("unquoted off is text", "process.cmd_line: [off, no]", "no", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matching")
    void aValueMatchesAsTheSigmaSpecificationSays(String what, String selection, String cmdLine, boolean expected) {
        assertThat(rule(selection).matches(process(cmdLine))).isEqualTo(expected);
    }

    @Test
    void base64offsetGivesTheThreeEncodingsPySigmaGives() {
        assertThat(ValueModifiers.base64offset("http://".getBytes())).containsExactly("aHR0cDovL", "h0dHA6Ly", "odHRwOi8v");
        assertThat(ValueModifiers.base64offset(ValueModifiers.bytes("ping", "wide")))
                .containsExactly("cABpAG4AZw", "AAaQBuAGcA", "wAGkAbgBnA");
    }

    @Test
    void windashGivesEveryFormOfEveryOptionDash() {
        assertThat(ValueModifiers.windash(" -a -b", 1, "k")).hasSize(25).contains(" /a \u2014b", " -a -b");
        assertThat(ValueModifiers.windash("a-b", 1, "k")).as("a dash inside a word is no option").containsExactly("a-b");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("wide without base64", "process.cmd_line|wide|contains: x", "only makes sense before base64"),
                Arguments.of("exists with a text", "process.cmd_line|exists: maybe", "true or false"),
                Arguments.of("exists with another modifier", "process.cmd_line|exists|all: true", "takes no other modifier"),
                Arguments.of("fieldref to an unknown field", "process.cmd_line|fieldref: Nonsense", "unknown field 'Nonsense'"),
                Arguments.of("windash with re", "process.cmd_line|windash|re: x", "windash and base64 go with"),
                Arguments.of("base64 with a wildcard", "process.cmd_line|base64|contains: 'a*b'", "cannot hold wildcards"),
                Arguments.of("a re flag without re", "process.cmd_line|contains|i: x", "flag of 're'"),
                Arguments.of("expand without a placeholder", "process.cmd_line|expand: 'admins'", "placeholder"),
                Arguments.of("unknown modifier", "process.cmd_line|sideways: x", "unsupported modifier 'sideways'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void modifiersThatDoNotGoTogetherAreRefusedWithTheReason(String what, String selection, String reason) {
        assertThatThrownBy(() -> rule(selection)).isInstanceOfSatisfying(RuleRefused.class, e -> {
            assertThat(e.getMessage()).contains(reason);
            assertThat(e.line()).isEqualTo(6);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void trueStaysABooleanThatMatchesTheEventsBoolean() {
        SigmaRule r = rule("process.is_elevated: true");
        Map<String, Object> event = process("x");
        ((Map<String, Object>) event.get("process")).put("is_elevated", Boolean.TRUE);

        assertThat(r.matches(event)).isTrue();
        assertThat(r.matches(process("x"))).isFalse();
    }
}
