package io.securitylake.subscriber.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds nested OCSF event maps from dotted paths, as the normaliser hands them to the detector. */
final class OcsfEvent {

    private final Map<String, Object> event = new LinkedHashMap<>();

    static OcsfEvent cloudTrail(String operation, String service) {
        return new OcsfEvent().set("class_uid", 6003).set("category_uid", 6).set("severity_id", 1)
                .set("time", 1_764_460_800_000L)
                .set("metadata.product.name", "CloudTrail").set("metadata.product.vendor_name", "AWS")
                .set("metadata.version", "1.1.0").set("cloud.provider", "AWS").set("cloud.region", "us-east-1")
                .set("cloud.account.uid", "111111111111")
                .set("api.operation", operation).set("api.service.name", service)
                .set("actor.user.type", "AssumedRole").set("actor.user.name", "alice")
                .set("actor.user.uid_alt", "arn:aws:sts::111111111111:assumed-role/Admin/alice")
                .set("src_endpoint.ip", "198.51.100.7").set("status", "Success").set("status_id", 1)
                .set("unmapped.eventType", "AwsApiCall");
    }

    static OcsfEvent consoleLogin() {
        return cloudTrail("ConsoleLogin", "signin.amazonaws.com").set("class_uid", 3002).set("category_uid", 3)
                .set("actor.user.type", "IAMUser").set("unmapped.eventType", "AwsConsoleSignIn");
    }

    static OcsfEvent vpcFlow(int dstPort, int dispositionId) {
        return new OcsfEvent().set("class_uid", 4001).set("category_uid", 4).set("time", 1_764_460_800_000L)
                .set("metadata.product.name", "Amazon VPC").set("metadata.product.vendor_name", "AWS")
                .set("src_endpoint.ip", "203.0.113.50").set("src_endpoint.port", 51234)
                .set("dst_endpoint.ip", "10.0.1.20").set("dst_endpoint.port", dstPort)
                .set("disposition_id", dispositionId).set("connection_info.direction", "Inbound");
    }

    static OcsfEvent dns(String hostname) {
        return new OcsfEvent().set("class_uid", 4003).set("category_uid", 4).set("time", 1_764_460_800_000L)
                .set("metadata.product.name", "Route 53").set("metadata.product.vendor_name", "AWS")
                .set("src_endpoint.ip", "10.0.1.20").set("query.hostname", hostname).set("query.type", "A");
    }

    static OcsfEvent process(String path, String cmdLine) {
        String name = path.substring(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
        return new OcsfEvent().set("class_uid", 1007).set("category_uid", 1).set("time", 1_764_460_800_000L)
                .set("metadata.product.name", "Falcon Insight XDR").set("metadata.product.vendor_name", "CrowdStrike")
                .set("device.hostname", "ws-0042.corp.example.com").set("device.ip", "10.0.8.42")
                .set("actor.user.name", "CORP\\alice")
                .set("process.file.path", path).set("process.file.name", name).set("process.name", name)
                .set("process.cmd_line", cmdLine);
    }

    @SuppressWarnings("unchecked")
    OcsfEvent set(String path, Object value) {
        if (path.startsWith("unmapped.")) {
            ((Map<String, Object>) event.computeIfAbsent("unmapped", k -> new LinkedHashMap<>()))
                    .put(path.substring("unmapped.".length()), value);
            return this;
        }
        String[] parts = path.split("\\.");
        Map<String, Object> node = event;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
        }
        if (value == null) {
            node.remove(parts[parts.length - 1]);
        } else {
            node.put(parts[parts.length - 1], value);
        }
        return this;
    }

    OcsfEvent list(String path, Object... items) {
        return set(path, new ArrayList<>(List.of(items)));
    }

    Map<String, Object> map() {
        return event;
    }
}
