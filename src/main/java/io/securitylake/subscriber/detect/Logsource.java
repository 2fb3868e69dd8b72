package io.securitylake.subscriber.detect;

import java.util.Map;
import java.util.Set;

/**
 * A Sigma {@code logsource} as the OCSF classes and the product it selects. Security Lake's sources:
 * CloudTrail management events (CLOUD_TRAIL_MGMT: Account Change 3001, Authentication 3002, Authorize Session
 * 3003, Entity Management 3004, API Activity 3005 in OCSF 1.0 / User Access 3005, Group Management 3006, API
 * Activity 6003 in 1.1), VPC flow logs (VPC_FLOW: Network Activity 4001), Route 53 resolver logs (ROUTE53: DNS
 * Activity 4003); CrowdStrike as a custom source (process 1007, file 1001, network 4001, DNS 4003).
 */
record Logsource(String name, Set<Integer> classUids, String vendor, String product) {

    static final Set<Integer> CLOUDTRAIL = Set.of(3001, 3002, 3003, 3004, 3005, 3006, 6003);

    /** Accepted {@code product/service} (or {@code product/category}) pairs. */
    static final Map<String, Logsource> KNOWN = Map.of(
            "aws/cloudtrail", new Logsource("aws/cloudtrail", CLOUDTRAIL, "AWS", "CloudTrail"),
            "aws/vpcflow", new Logsource("aws/vpcflow", Set.of(4001), "AWS", "Amazon VPC"),
            "aws/route53", new Logsource("aws/route53", Set.of(4003), "AWS", "Route 53"),
            "crowdstrike", new Logsource("crowdstrike", Set.of(1001, 1007, 4001, 4003), "CrowdStrike", null),
            "crowdstrike/process_creation", new Logsource("crowdstrike/process_creation", Set.of(1007), "CrowdStrike", null));

    /** The logsource of a rule's {@code product}, {@code service} and {@code category}; refused when unknown. */
    static Logsource of(String product, String service, String category, int line) {
        if (product == null) {
            throw new RuleRefused(line, "logsource.product", "logsource needs a product (aws or crowdstrike)");
        }
        if (service != null && category != null) {
            throw new RuleRefused(line, "logsource", "give a service or a category, not both");
        }
        String key = product.toLowerCase() + (service != null ? "/" + service.toLowerCase()
                : category != null ? "/" + category.toLowerCase() : "");
        if (key.equals("aws/securityhub")) {
            throw new RuleRefused(line, "logsource.service", "Security Hub findings are detections already (rule "
                    + "lake-finding); a rule is not raised on them a second time");
        }
        Logsource known = KNOWN.get(key);
        if (known == null) {
            throw new RuleRefused(line, "logsource", "unknown logsource '" + key + "'; known: "
                    + KNOWN.keySet().stream().sorted().toList() + " (aws/securityhub arrives as lake-finding)");
        }
        return known;
    }

    boolean selects(Map<String, Object> event) {
        if (!(event.get("class_uid") instanceof Integer classUid) || !classUids.contains(classUid)) {
            return false;
        }
        if (!(event.get("metadata") instanceof Map<?, ?> metadata) || !(metadata.get("product") instanceof Map<?, ?> p)) {
            return false;
        }
        return vendor.equalsIgnoreCase(String.valueOf(p.get("vendor_name")))
                && (product == null || product.equalsIgnoreCase(String.valueOf(p.get("name"))));
    }
}
