package io.securitylake.subscriber.sigma;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Sigma {@code logsource} as the OCSF events it selects: classes, and where the category says what happened, the
 * activities; for {@code product: windows | linux | macos} the device's OS; for a vendor's logsource
 * ({@code product: crowdstrike}) that vendor's events only. Security Lake's sources: CloudTrail management events
 * (CLOUD_TRAIL_MGMT: Account Change 3001, Authentication 3002, Authorize Session 3003, Entity Management 3004, API
 * Activity 3005 in OCSF 1.0 / User Access 3005, Group Management 3006, API Activity 6003 in 1.1), VPC flow logs
 * (VPC_FLOW: Network Activity 4001), Route 53 resolver logs (ROUTE53: DNS Activity 4003); any endpoint source (a
 * CrowdStrike, Sysmon, SentinelOne or Defender custom source) by the classes of Sigma's generic categories.
 *
 * @param activityIds the {@code activity_id}s selected; empty: any
 * @param osTypeId    {@code device.os.type_id} selected (100 Windows, 200 Linux, 300 macOS); null: any
 * @param vendor      {@code metadata.product.vendor_name} selected; null: any
 * @param category    Sigma's category, whose field taxonomy the rule's fields are read with ({@link EndpointFields});
 *                    null: the CloudTrail names and OCSF paths ({@link OcsfPaths})
 */
public record Logsource(String name, Set<Integer> classUids, Set<Integer> activityIds, Integer osTypeId, String vendor,
                 String product, String category) {

    static final Set<Integer> CLOUDTRAIL = Set.of(3001, 3002, 3003, 3004, 3005, 3006, 6003);
    /** Registry Key Activity and Registry Value Activity: OCSF 1.1+'s Windows extension (uid 2, classes 201001/2). */
    static final int REGISTRY_KEY = 201001;
    static final int REGISTRY_VALUE = 201002;

    /** Accepted {@code product/service} (or {@code product/category}) pairs of a given source. */
    public static final Map<String, Logsource> KNOWN = Map.of(
            "aws/cloudtrail", vendor("aws/cloudtrail", CLOUDTRAIL, "AWS", "CloudTrail", null),
            "aws/vpcflow", vendor("aws/vpcflow", Set.of(4001), "AWS", "Amazon VPC", null),
            "aws/route53", vendor("aws/route53", Set.of(4003), "AWS", "Route 53", null),
            "crowdstrike", vendor("crowdstrike", Set.of(1001, 1007, 4001, 4003), "CrowdStrike", null, null),
            "crowdstrike/process_creation", vendor("crowdstrike/process_creation", Set.of(1007), "CrowdStrike", null,
                    "process_creation"));

    /** Sigma's generic categories: the OCSF class and the activities that are that kind of event. */
    static final Map<String, Selection> CATEGORIES = Map.ofEntries(
            Map.entry("process_creation", new Selection(Set.of(1007), Set.of(1))),
            Map.entry("process_termination", new Selection(Set.of(1007), Set.of(2))),
            Map.entry("process_access", new Selection(Set.of(1007), Set.of(3))),
            Map.entry("create_remote_thread", new Selection(Set.of(1007), Set.of(4))),
            Map.entry("image_load", new Selection(Set.of(1005), Set.of(1))),
            Map.entry("file_event", new Selection(Set.of(1001), Set.of(1))),
            Map.entry("file_executable_detected", new Selection(Set.of(1001), Set.of(1))),
            Map.entry("driver_load", new Selection(Set.of(1002), Set.of(1))),
            Map.entry("file_access", new Selection(Set.of(1001), Set.of(2, 14))),
            Map.entry("file_change", new Selection(Set.of(1001), Set.of(3))),
            Map.entry("file_delete", new Selection(Set.of(1001), Set.of(4))),
            Map.entry("file_rename", new Selection(Set.of(1001), Set.of(5))),
            Map.entry("network_connection", new Selection(Set.of(4001), Set.of())),
            Map.entry("dns_query", new Selection(Set.of(4003), Set.of())),
            Map.entry("registry_event", new Selection(Set.of(REGISTRY_KEY, REGISTRY_VALUE), Set.of())),
            Map.entry("registry_add", new Selection(Set.of(REGISTRY_KEY), Set.of(1))),
            Map.entry("registry_delete", new Selection(Set.of(REGISTRY_KEY, REGISTRY_VALUE), Set.of(4))),
            Map.entry("registry_rename", new Selection(Set.of(REGISTRY_KEY), Set.of(5))),
            Map.entry("registry_set", new Selection(Set.of(REGISTRY_VALUE), Set.of(2))));

    /** {@code product} values that name an operating system: {@code device.os.type_id}, and the name's fallback. */
    static final Map<String, Integer> OS = Map.of("windows", 100, "linux", 200, "macos", 300);
    private static final Map<Integer, List<String>> OS_NAMES = Map.of(100, List.of("windows"), 200, List.of("linux"),
            300, List.of("mac", "darwin"));

    /** Vendors whose own {@code product} a rule may name with a category: {@code metadata.product.vendor_name}. */
    static final Map<String, String> VENDORS = Map.of("crowdstrike", "CrowdStrike");

    /** What a category selects. */
    record Selection(Set<Integer> classUids, Set<Integer> activityIds) {
    }

    private static Logsource vendor(String name, Set<Integer> classes, String vendor, String product, String category) {
        return new Logsource(name, classes, Set.of(), null, vendor, product, category);
    }

    /** The logsource of a rule's {@code product}, {@code service} and {@code category}; refused when unknown. */
    static Logsource of(String product, String service, String category, int line) {
        if (product == null && category == null) {
            throw new RuleRefused(line, "logsource.product", "logsource needs a product (aws, crowdstrike, windows, "
                    + "linux, macos) or a category (" + String.join(", ", CATEGORIES.keySet().stream().sorted().toList()) + ")");
        }
        if (service != null && category != null) {
            throw new RuleRefused(line, "logsource", "give a service or a category, not both");
        }
        String p = product == null ? null : product.toLowerCase(Locale.ROOT);
        String c = category == null ? null : category.toLowerCase(Locale.ROOT);
        String key = (p == null ? "" : p) + (service != null ? "/" + service.toLowerCase(Locale.ROOT)
                : c != null ? (p == null ? "" : "/") + c : "");
        if (key.equals("aws/securityhub")) {
            throw new RuleRefused(line, "logsource.service", "Security Hub findings are detections already (rule "
                    + "lake-finding); a rule is not raised on them a second time");
        }
        Logsource known = KNOWN.get(key);
        if (known != null) {
            return known;
        }
        Selection selection = c == null ? null : CATEGORIES.get(c);
        if (selection != null && (p == null || OS.containsKey(p) || VENDORS.containsKey(p))) {
            return new Logsource(key, selection.classUids(), selection.activityIds(), p == null ? null : OS.get(p),
                    p == null ? null : VENDORS.get(p), null, c);
        }
        throw new RuleRefused(line, "logsource", "unknown logsource '" + key + "'; known: "
                + KNOWN.keySet().stream().sorted().toList() + ", and the categories "
                + CATEGORIES.keySet().stream().sorted().toList() + " alone or with product "
                + OS.keySet().stream().sorted().toList() + " or " + VENDORS.keySet() + " (aws/securityhub arrives as lake-finding)");
    }

    /**
     * The reader of a field a rule of this logsource names; null for an unknown name. One reader per category and
     * name, shared by every rule that names it, so that an event's field is read once for all of them
     * ({@link ReadOnce}).
     */
    public OcsfPaths.FieldReader field(String name) {
        return ReadOnce.shared(category, name,
                category == null ? OcsfPaths.reader(name) : EndpointFields.reader(category, name));
    }

    public boolean selects(Map<String, Object> event) {
        if (!(event.get("class_uid") instanceof Integer classUid) || !classUids.contains(classUid)) {
            return false;
        }
        if (!activityIds.isEmpty() && !(event.get("activity_id") instanceof Integer a && activityIds.contains(a))) {
            return false;
        }
        if (osTypeId != null && !onOs(event)) {
            return false;
        }
        if (vendor == null) {
            return true;
        }
        if (!(event.get("metadata") instanceof Map<?, ?> metadata) || !(metadata.get("product") instanceof Map<?, ?> p)) {
            return false;
        }
        return vendor.equalsIgnoreCase(String.valueOf(p.get("vendor_name")))
                && (product == null || product.equalsIgnoreCase(String.valueOf(p.get("name"))));
    }

    /** {@code device.os.type_id}; without it, the OS's name. */
    private boolean onOs(Map<String, Object> event) {
        if (!(event.get("device") instanceof Map<?, ?> device) || !(device.get("os") instanceof Map<?, ?> os)) {
            return false;
        }
        if (os.get("type_id") instanceof Number typeId && typeId.intValue() != 0 && typeId.intValue() != 99) {
            return typeId.intValue() == osTypeId;
        }
        String osName = String.valueOf(os.get("name")).toLowerCase(Locale.ROOT);
        return OS_NAMES.get(osTypeId).stream().anyMatch(osName::contains);
    }
}
