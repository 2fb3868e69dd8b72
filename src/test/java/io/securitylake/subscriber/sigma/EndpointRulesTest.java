package io.securitylake.subscriber.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sigma's endpoint logsources select events by what they are (OCSF class, activity, the device's OS), whoever sent
 * them; a vendor's logsource stays a filter; Sigma's field names are read from OCSF (else {@code unmapped}).
 */
class EndpointRulesTest {

    private static SigmaRule rule(String logsource, String selection) {
        return SigmaParser.parse("e.yml", "e", "title: t\nid: e\nlogsource: " + logsource + "\ndetection:\n  s:\n    "
                + selection + "\n  condition: s\n");
    }

    /** An OCSF event: class, activity, OS type id and name, vendor; then paths set with {@link #put}. */
    private static Map<String, Object> event(int classUid, int activityId, Integer osTypeId, String osName, String vendor) {
        Map<String, Object> event = new HashMap<>();
        event.put("class_uid", classUid);
        event.put("activity_id", activityId);
        Map<String, Object> os = new HashMap<>();
        if (osTypeId != null) {
            os.put("type_id", osTypeId);
        }
        if (osName != null) {
            os.put("name", osName);
        }
        if (!os.isEmpty()) {
            event.put("device", Map.of("os", os));
        }
        event.put("metadata", Map.of("product", Map.of("vendor_name", vendor)));
        return event;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> put(Map<String, Object> event, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> at = event;
        for (int i = 0; i < parts.length - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(parts[i], k -> new HashMap<>());
        }
        at.put(parts[parts.length - 1], value);
        return event;
    }

    private static Map<String, Object> windowsLaunch(String vendor) {
        return put(event(1007, 1, 100, "Windows", vendor), "process.file.path", "C:\\Windows\\System32\\cmd.exe");
    }

    static Stream<Arguments> selecting() {
        String win = "{product: windows, category: process_creation}";
        return Stream.of(
                Arguments.of("process_creation: a Windows launch, any vendor", win, windowsLaunch("Microsoft"), true),
                Arguments.of("process_creation: the same from CrowdStrike", win, windowsLaunch("CrowdStrike"), true),
                Arguments.of("process_creation: not a termination", win, put(event(1007, 2, 100, null, "x"), "process.file.path", "x"), false),
                Arguments.of("process_creation: not on Linux", win, put(event(1007, 1, 200, "Linux", "x"), "process.file.path", "x"), false),
                Arguments.of("the OS name when the type is unknown", win, put(event(1007, 1, null, "Windows Server 2022", "x"), "process.file.path", "x"), true),
                Arguments.of("no OS at all: not selected by a product", win, put(event(1007, 1, null, null, "x"), "process.file.path", "x"), false),
                Arguments.of("a category alone: any OS", "{category: process_creation}", put(event(1007, 1, 300, "macOS", "x"), "process.file.path", "x"), true),
                Arguments.of("macos by name", "{product: macos, category: process_creation}", put(event(1007, 1, null, "Mac OS X", "x"), "process.file.path", "x"), true),
                Arguments.of("a vendor with a category: that vendor only", "{product: crowdstrike, category: process_creation}", windowsLaunch("SentinelOne"), false),
                Arguments.of("image_load: Module Activity Load", "{product: windows, category: image_load}", put(event(1005, 1, 100, null, "x"), "process.file.path", "x"), true),
                Arguments.of("image_load: not an unload", "{product: windows, category: image_load}", put(event(1005, 2, 100, null, "x"), "process.file.path", "x"), false),
                Arguments.of("driver_load: Kernel Extension Activity Load", "{product: windows, category: driver_load}", put(event(1002, 1, 100, null, "x"), "driver.file.path", "x"), true),
                Arguments.of("file_executable_detected: File System Activity Create", "{product: windows, category: file_executable_detected}", put(event(1001, 1, 100, null, "x"), "file.path", "x"), true),
                Arguments.of("file_delete: File System Activity Delete", "{product: windows, category: file_delete}", put(event(1001, 4, 100, null, "x"), "file.path", "x"), true),
                Arguments.of("file_event: not a deletion", "{product: windows, category: file_event}", put(event(1001, 4, 100, null, "x"), "file.path", "x"), false),
                Arguments.of("registry_set: Registry Value Activity Set", "{product: windows, category: registry_set}", put(event(201002, 2, 100, null, "x"), "reg_value.path", "HKLM\\x"), true),
                Arguments.of("registry_set: not a key creation", "{product: windows, category: registry_set}", put(event(201001, 1, 100, null, "x"), "reg_key.path", "HKLM\\x"), false),
                Arguments.of("registry_event: keys and values", "{product: windows, category: registry_event}", put(event(201001, 1, 100, null, "x"), "reg_key.path", "HKLM\\x"), true),
                Arguments.of("process_access: Process Activity Open", "{product: windows, category: process_access}", put(event(1007, 3, 100, null, "x"), "process.file.path", "x"), true),
                Arguments.of("create_remote_thread: Process Activity Inject", "{product: windows, category: create_remote_thread}", put(event(1007, 4, 100, null, "x"), "process.file.path", "x"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selecting")
    void aLogsourceSelectsEventsByWhatTheyAre(String what, String logsource, Map<String, Object> event, boolean expected) {
        assertThat(rule(logsource, "EventID: 1").logsource().selects(event)).isEqualTo(expected);
    }

    static Stream<Arguments> fields() {
        String proc = "{product: windows, category: process_creation}";
        Map<String, Object> launch = windowsLaunch("x");
        put(launch, "process.cmd_line", "cmd.exe /c whoami");
        put(launch, "process.user", Map.of("name", "alice", "domain", "CORP"));
        put(launch, "process.integrity", "High");
        put(launch, "process.file.internal_name", "Cmd.Exe");
        put(launch, "process.file.hashes", List.of(Map.of("algorithm_id", 1, "value", "AA11"), Map.of("algorithm_id", 3, "value", "BB22"),
                Map.of("algorithm_id", 99, "algorithm", "IMPHASH", "value", "CC33")));
        put(launch, "process.parent_process.file.path", "C:\\Windows\\explorer.exe");
        put(launch, "process.parent_process.cmd_line", "explorer.exe");
        put(launch, "process.file.company_name", "Microsoft Corporation");
        put(launch, "unmapped.TerminalSessionId", "1");
        Map<String, Object> net = put(event(4001, 6, 100, null, "x"), "dst_endpoint.ip", "10.1.2.3");
        put(net, "dst_endpoint.port", 4444);
        put(net, "connection_info.direction_id", 2);
        put(net, "actor.process.file.path", "C:\\Users\\a\\evil.exe");
        Map<String, Object> reg = put(event(201002, 2, 100, null, "x"), "reg_value.path", "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\x");
        put(reg, "unmapped.Details", "C:\\x.exe");
        Map<String, Object> load = put(event(1005, 1, 100, null, "x"), "module.file.path", "C:\\Temp\\dbghelp.dll");
        put(load, "module.file.signature.state_id", 1);
        Map<String, Object> dns = put(event(4003, 1, 100, null, "x"), "query.hostname", "evil.example");
        put(dns, "answers", List.of(Map.of("rdata", "203.0.113.9")));
        String netLs = "{product: windows, category: network_connection}";
        return Stream.of(
                Arguments.of("Image", proc, "Image|endswith: '\\cmd.exe'", launch, true),
                Arguments.of("CommandLine", proc, "CommandLine|contains: 'whoami'", launch, true),
                Arguments.of("User is DOMAIN\\name", proc, "User: 'CORP\\alice'", launch, true),
                Arguments.of("IntegrityLevel", proc, "IntegrityLevel: [High, System]", launch, true),
                Arguments.of("OriginalFileName", proc, "OriginalFileName: cmd.exe", launch, true),
                Arguments.of("Hashes, one", proc, "Hashes|contains: 'SHA256=BB22'", launch, true),
                Arguments.of("Hashes, imphash", proc, "Hashes|contains: 'IMPHASH=CC33'", launch, true),
                Arguments.of("Hashes, all of the joined text", proc, "Hashes|contains|all: ['MD5=AA11', 'SHA256=BB22']", launch, true),
                Arguments.of("Hashes, other", proc, "Hashes|contains: 'MD5=FFFF'", launch, false),
                Arguments.of("ParentImage", proc, "ParentImage|endswith: '\\explorer.exe'", launch, true),
                Arguments.of("ParentCommandLine", proc, "ParentCommandLine: explorer.exe", launch, true),
                Arguments.of("Company", proc, "Company: Microsoft Corporation", launch, true),
                Arguments.of("unmapped fallback", proc, "TerminalSessionId: 1", launch, true),
                Arguments.of("an OCSF path still works", proc, "process.cmd_line|contains: whoami", launch, true),
                Arguments.of("DestinationIp", netLs, "DestinationIp|cidr: 10.0.0.0/8", net, true),
                Arguments.of("DestinationPort", netLs, "DestinationPort: 4444", net, true),
                Arguments.of("Initiated from direction", netLs, "Initiated: 'true'", net, true),
                Arguments.of("Image is the actor's", netLs, "Image|endswith: '\\evil.exe'", net, true),
                Arguments.of("TargetObject of a value", "{product: windows, category: registry_set}", "TargetObject|contains: '\\CurrentVersion\\Run\\'", reg, true),
                Arguments.of("EventType from class and activity", "{product: windows, category: registry_set}", "EventType: SetValue", reg, true),
                Arguments.of("Details from unmapped", "{product: windows, category: registry_set}", "Details|endswith: '\\x.exe'", reg, true),
                Arguments.of("ImageLoaded", "{product: windows, category: image_load}", "ImageLoaded|startswith: 'C:\\Temp\\'", load, true),
                Arguments.of("Signed", "{product: windows, category: image_load}", "Signed: 'false'", load, false),
                Arguments.of("ImageLoaded of a driver", "{product: windows, category: driver_load}", "ImageLoaded|endswith: '\\evil.sys'",
                        put(event(1002, 1, 100, null, "x"), "driver.file.path", "C:\\Windows\\evil.sys"), true),
                Arguments.of("QueryName", "{product: windows, category: dns_query}", "QueryName|endswith: '.example'", dns, true),
                Arguments.of("QueryResults", "{product: windows, category: dns_query}", "QueryResults|contains: '203.0.113.9'", dns, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void sigmasFieldNamesAreReadFromOcsf(String what, String logsource, String selection, Map<String, Object> event, boolean expected) {
        assertThat(rule(logsource, selection).matches(event)).isEqualTo(expected);
    }

    @Test
    void anUnknownCategoryIsNamedInTheRefusal() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rule("{product: windows, category: wmi_event}", "a: b"))
                .hasMessageContaining("unknown logsource 'windows/wmi_event'");
    }
}
