package io.securitylake.subscriber.api.hunt;

import static io.securitylake.subscriber.hunt.HuntEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.hunt.HuntEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hunting API tests: realistic events of two tenants (OCSF 1.0.0-rc.2 and 1.1.0 shapes, as in the shared fixtures
 * and the demo generators) seeded once, a short statement timeout, and a way to POST and read pages.
 */
abstract class HuntApiSupport extends ApiTestSupport {

    static final Instant T = Instant.parse("2025-06-10T00:00:00Z");
    static final String ACME = "111111111111";
    static final String GLOBEX = "222222222222";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static boolean seeded;

    @DynamicPropertySource
    static void hunts(DynamicPropertyRegistry r) {
        r.add("lake.hunts.statement-timeout", () -> "2s");
    }

    @BeforeEach
    void seed() throws Exception {
        if (seeded) {
            return;
        }
        try (Connection c = stores.dataSource("acme").getConnection()) {
            // sign-ins: 1.0.0-rc.2 (mfa, actor.user) and 1.1.0 (user, is_mfa), one failed
            HuntEvents.store(c, "auth-1", T.plusSeconds(3600), ACME, "CLOUD_TRAIL_MGMT", event("class_uid", 3002,
                    "severity_id", 1, "status", "Success", "status_id", 1, "mfa", false, "api.operation", "ConsoleLogin",
                    "actor.user.name", "alice", "user.uid", "AIDAALICE", "src_endpoint.ip", "203.0.113.5",
                    "metadata.version", "1.0.0-rc.2"));
            HuntEvents.store(c, "auth-2", T.plusSeconds(7200), ACME, "CLOUD_TRAIL_MGMT", event("class_uid", 3002,
                    "severity_id", 1, "status", "Success", "status_id", 1, "is_mfa", true, "api.operation", "ConsoleLogin",
                    "user.name", "alice", "src_endpoint.ip", "198.51.100.7", "metadata.version", "1.1.0"));
            HuntEvents.store(c, "auth-3", T.plusSeconds(7300), ACME, "CLOUD_TRAIL_MGMT", event("class_uid", 3002,
                    "severity_id", 1, "status", "Failure", "status_id", 2, "is_mfa", false, "api.operation", "ConsoleLogin",
                    "user.name", "bob", "src_endpoint.ip", "203.0.113.9", "metadata.version", "1.1.0"));
            // API calls
            HuntEvents.store(c, "api-1", T.plusSeconds(3 * 3600), ACME, "CLOUD_TRAIL_MGMT", api("alice", "iam", "CreateAccessKey",
                    "203.0.113.5", null, "ASIAALICE").with("unmapped", Map.of("requestParameters.userName", "svc-deploy")));
            HuntEvents.store(c, "api-2", T.plusSeconds(4 * 3600), ACME, "CLOUD_TRAIL_MGMT", api("svc-deploy", "ec2", "DescribeInstances",
                    "192.0.2.44", null, "AKIANEWKEY0000000001"));
            HuntEvents.store(c, "api-3", T.plusSeconds(3 * 3600 + 1800), ACME, "CLOUD_TRAIL_MGMT", api("alice", "iam", "AttachRolePolicy",
                    "203.0.113.5", null, "ASIAALICE"));
            HuntEvents.store(c, "api-4", T.plusSeconds(5 * 3600), ACME, "CLOUD_TRAIL_MGMT", api("bob", "secretsmanager", "GetSecretValue",
                    "203.0.113.9", "AccessDenied", "ASIABOB"));
            HuntEvents.store(c, "api-5", T.plusSeconds(5 * 3600 + 60), ACME, "CLOUD_TRAIL_MGMT", api("bob", "iam", "ListUsers",
                    "203.0.113.9", "AccessDenied", "ASIABOB"));
            HuntEvents.store(c, "api-6", T.plusSeconds(6 * 3600), ACME, "CLOUD_TRAIL_MGMT", api("alice", "ec2", "DescribeInstances",
                    "198.51.100.7", null, "ASIAALICE"));
            HuntEvents.store(c, "api-old", T.minus(Duration.ofDays(10)), ACME, "CLOUD_TRAIL_MGMT", api("alice", "s3", "ListBuckets",
                    "198.51.100.7", null, "ASIAALICE"));
            // VPC flows (1.0.0-rc.2 shape)
            HuntEvents.store(c, "flow-1", T.plusSeconds(100), ACME, "VPC_FLOW", flow("10.0.0.5", "10.0.0.9", 443, 5000, 0));
            HuntEvents.store(c, "flow-2", T.plusSeconds(200), ACME, "VPC_FLOW", flow("10.0.0.5", "10.0.0.9", 443, 7000, 0));
            HuntEvents.store(c, "flow-3", T.plusSeconds(300), ACME, "VPC_FLOW", flow("10.0.0.7", "203.0.113.200", 4444, 90000, 0));
            HuntEvents.store(c, "flow-4", T.plusSeconds(400), ACME, "VPC_FLOW", flow("10.0.0.6", "10.0.0.9", 443, 100, 0));
            HuntEvents.store(c, "flow-5", T.plusSeconds(500), ACME, "VPC_FLOW", flow("10.0.0.5", "10.0.0.9", 22, 40, 2));
            // DNS
            HuntEvents.store(c, "dns-1", T.plusSeconds(110), ACME, "ROUTE53", dns("10.0.0.5", "www.example.com.", "93.184.216.34"));
            HuntEvents.store(c, "dns-2", T.plusSeconds(120), ACME, "ROUTE53", dns("10.0.0.6", "www.example.com.", "93.184.216.34"));
            HuntEvents.store(c, "dns-3", T.plusSeconds(130), ACME, "ROUTE53", dns("10.0.0.7", "x1.evil-c2.test.", "203.0.113.200"));
            // findings: Security Hub 1.0.0-rc.2 (2001, finding.*) and 1.1.0 (2004, finding_info.*), CrowdStrike
            HuntEvents.store(c, "sh-1", T.plusSeconds(1000), ACME, "SH_FINDINGS", event("class_uid", 2001, "severity_id", 3,
                    "finding.uid", "f-1", "finding.title", "EC2.19 Security groups should not allow unrestricted access",
                    "state", "New", "metadata.product.name", "Security Hub", "metadata.version", "1.0.0-rc.2",
                    "resources", List.of(Map.of("uid", "sg-1", "type", "AwsEc2SecurityGroup"))));
            HuntEvents.store(c, "sh-2", T.plusSeconds(1100), ACME, "SH_FINDINGS", event("class_uid", 2004, "severity_id", 4,
                    "finding_info.uid", "f-2", "finding_info.title", "EC2.2 Default security group should not allow traffic",
                    "status", "New", "metadata.product.name", "Security Hub", "metadata.version", "1.1.0",
                    "resources", List.of(Map.of("uid", "sg-1", "type", "AwsEc2SecurityGroup"))));
            HuntEvents.store(c, "sh-3", T.plusSeconds(1200), ACME, "SH_FINDINGS", event("class_uid", 2004, "severity_id", 2,
                    "finding_info.uid", "f-3", "finding_info.title", "S3.8 Block public access",
                    "metadata.product.name", "Security Hub", "resources", List.of(Map.of("uid", "arn:aws:s3:::logs", "type", "AwsS3Bucket"))));
            HuntEvents.store(c, "cs-1", T.plusSeconds(1300), ACME, "ext_crowdstrike", event("class_uid", 2004, "severity_id", 5,
                    "finding_info.uid", "ldt:1", "finding_info.title", "Credential dumping via LSASS access",
                    "finding_info.attacks", List.of(Map.of("technique", Map.of("uid", "T1003.001"))),
                    "metadata.product.name", "Falcon Insight XDR", "metadata.product.vendor_name", "CrowdStrike",
                    "device.hostname", "WS-01", "device.ip", "10.0.0.7", "actor.user.name", "CORP\\carol"));
            // a process tree on WS-01 (explorer → cmd → powershell) and a process on another host
            HuntEvents.store(c, "p-1", T.plusSeconds(2000), ACME, "ext_crowdstrike", proc("WS-01", "p1", "p0", "explorer.exe"));
            HuntEvents.store(c, "p-2", T.plusSeconds(2010), ACME, "ext_crowdstrike", proc("WS-01", "p2", "p1", "cmd.exe"));
            HuntEvents.store(c, "p-3", T.plusSeconds(2020), ACME, "ext_crowdstrike", proc("WS-01", "p3", "p2", "powershell.exe"));
            HuntEvents.store(c, "p-4", T.plusSeconds(2030), ACME, "ext_crowdstrike", proc("WS-02", "p9", "p8", "notepad.exe"));
        }
        try (Connection c = stores.dataSource("globex").getConnection()) {
            HuntEvents.store(c, "g-auth-1", T.plusSeconds(3600), GLOBEX, "CLOUD_TRAIL_MGMT", event("class_uid", 3002,
                    "severity_id", 1, "status", "Success", "status_id", 1, "is_mfa", false, "api.operation", "ConsoleLogin",
                    "user.name", "mallory", "src_endpoint.ip", "203.0.113.5"));
            HuntEvents.store(c, "g-api-1", T.plusSeconds(3700), GLOBEX, "CLOUD_TRAIL_MGMT", api("mallory", "iam", "CreateUser",
                    "203.0.113.5", null, "ASIAMAL"));
        }
        seeded = true;
    }

    /** An API call (OCSF 1.1.0, as CloudTrail in Security Lake 2.0). */
    private static Ev api(String user, String service, String operation, String ip, String error, String key) {
        Ev e = new Ev(event("class_uid", 6003, "severity_id", 1, "status", error == null ? "Success" : "Failure",
                "status_id", error == null ? 1 : 2, "actor.user.name", user,
                "actor.user.uid_alt", "arn:aws:iam::" + ACME + ":user/" + user, "actor.user.credential_uid", key,
                "api.operation", operation, "api.service.name", service + ".amazonaws.com", "src_endpoint.ip", ip));
        if (error != null) {
            e.with("api", Map.of("operation", operation, "service", Map.of("name", service + ".amazonaws.com"),
                    "response", Map.of("error", error)));
        }
        return e;
    }

    private static Map<String, Object> flow(String src, String dst, int port, long bytes, int disposition) {
        return event("class_uid", 4001, "severity_id", 1, "src_endpoint.ip", src, "src_endpoint.port", 50000,
                "dst_endpoint.ip", dst, "dst_endpoint.port", port, "connection_info.protocol_num", 6,
                "traffic.bytes", bytes, "traffic.packets", bytes / 100 + 1, "disposition_id", disposition,
                "metadata.version", "1.0.0-rc.2");
    }

    private static Map<String, Object> dns(String src, String name, String answer) {
        return event("class_uid", 4003, "severity_id", 1, "src_endpoint.ip", src, "query.hostname", name,
                "query.type", "A", "rcode", "NoError", "answers", List.of(Map.of("type", "A", "rdata", answer)));
    }

    private static Map<String, Object> proc(String host, String uid, String parent, String name) {
        return event("class_uid", 1007, "severity_id", 1, "activity_id", 1, "device.hostname", host,
                "process.uid", uid, "process.name", name, "process.pid", 100 + uid.hashCode() % 100,
                "process.cmd_line", name, "process.parent_process.uid", parent, "process.user.name", "CORP\\carol");
    }

    /** An event map that can take one more top-level field. */
    private static final class Ev extends java.util.LinkedHashMap<String, Object> {
        Ev(Map<String, Object> m) {
            super(m);
        }

        Ev with(String key, Object value) {
            put(key, value);
            return this;
        }
    }


    Reply post(String path, String key, String body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("X-API-Key", key);
        if (accept != null) {
            b.header("Accept", accept);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse("")
                    + "|" + r.headers().firstValue("X-Next-Cursor").orElse(""), r.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    JsonNode run(String key, String hunt, String params) {
        Reply r = post("/api/v1/hunts/" + hunt + "/run", key, "{\"from\":\"" + T.minus(Duration.ofDays(1))
                + "\",\"to\":\"" + T.plus(Duration.ofDays(1)) + "\",\"params\":" + params + "}", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<List<String>> rows(JsonNode page) {
        List<List<String>> out = new ArrayList<>();
        page.path("rows").forEach(row -> {
            List<String> cells = new ArrayList<>();
            row.forEach(v -> cells.add(v.isNull() ? null : v.isContainerNode() ? v.toString() : v.asText()));
            out.add(cells);
        });
        return out;
    }

    static List<String> column(JsonNode page, String name) {
        int i = 0;
        for (JsonNode c : page.path("columns")) {
            if (c.path("name").asText().equals(name)) {
                int index = i;
                return rows(page).stream().map(r -> r.get(index)).toList();
            }
            i++;
        }
        throw new AssertionError("no column " + name + " in " + page.path("columns"));
    }

    static void assertRefused(Reply r, int status, String... words) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("at io.", "at org.", "Exception");
        for (String w : words) {
            assertThat(r.json().path("detail").asText()).as(r.body()).contains(w);
        }
    }
}
