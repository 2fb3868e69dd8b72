package io.securitylake.subscriber.demo;

import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** Security Hub control findings as Security Lake 2.0 writes them: OCSF 1.1.0 Compliance Finding (2003). */
final class SecurityHubFindings extends OcsfEvents {

    static final String SPEC = IDS + NAMES + TIME + METADATA + CLOUD + STATUS
            + "finding_info{uid, title, desc, types[string], src_url, product_uid, created_time:long, created_time_dt:ts, "
            + "first_seen_time:long, first_seen_time_dt:ts, last_seen_time:long, last_seen_time_dt:ts, "
            + "modified_time:long, modified_time_dt:ts, related_events[{uid, product_uid}]}, "
            + "compliance{status, status_id:int, control, standards[string], requirements[string]}, "
            + "remediation{desc, references[string]}, "
            + "resources[{uid, name, type, region, cloud_partition, labels[string], data}], confidence_score:int, "
            + UNMAPPED;

    /** control id, severity_id, resource type, title, description. */
    private static final String[][] CONTROLS = {
            {"EC2.19", "5", "AwsEc2SecurityGroup", "Security groups should not allow unrestricted access to ports with high risk",
                    "This control checks whether unrestricted incoming traffic for the security groups is accessible to the specified ports that have the highest risk. The control fails if any of the rules in a security group allow ingress traffic from 0.0.0.0/0 or ::/0 to those ports."},
            {"S3.8", "4", "AwsS3Bucket", "S3 general purpose buckets should block public access",
                    "This control checks whether an Amazon S3 general purpose bucket blocks public access at the bucket level. The control fails if any of the block public access settings are set to false at the bucket level."},
            {"IAM.6", "5", "AwsAccount", "Hardware MFA should be enabled for the root user",
                    "This control checks whether your AWS account is enabled to use a hardware multi-factor authentication (MFA) device to sign in with root user credentials. The control fails if hardware MFA is not enabled or if any virtual MFA devices are permitted for signing in with root user credentials."},
            {"EC2.8", "4", "AwsEc2Instance", "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)",
                    "This control checks whether your Amazon EC2 instance metadata version is configured with Instance Metadata Service Version 2 (IMDSv2). The control passes if HttpTokens is set to required for IMDSv2. The control fails if HttpTokens is set to optional."},
            {"CloudTrail.1", "4", "AwsAccount", "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events",
                    "This control checks if there is at least one multi-Region AWS CloudTrail trail that captures read and write management events. The control fails if CloudTrail is disabled or if there isn't at least one CloudTrail trail that captures read and write management events."},
            {"KMS.4", "3", "AwsKmsKey", "AWS KMS key rotation should be enabled",
                    "This control checks whether automatic key rotation is enabled for a specific AWS KMS key. The control fails if key rotation is not enabled. Rotating keys regularly limits the amount of data protected by a single key version and the exposure if it is compromised."},
            {"Lambda.2", "3", "AwsLambdaFunction", "Lambda functions should use supported runtimes",
                    "This control checks whether AWS Lambda function runtime settings match the expected values set for the supported runtimes in each language. The control fails if a Lambda function doesn't use a supported runtime, because deprecated runtimes no longer receive security updates."},
            {"RDS.3", "3", "AwsRdsDbInstance", "RDS DB instances should have encryption at-rest enabled",
                    "This control checks whether storage encryption is enabled for your Amazon RDS DB instances. The control fails if an RDS DB instance doesn't have storage encryption enabled. Encrypting data at rest reduces the risk that an unauthenticated user gets access to data stored on disk."},
            {"SSM.1", "3", "AwsEc2Instance", "Amazon EC2 instances should be managed by AWS Systems Manager",
                    "This control checks whether the EC2 instances in your account are managed by AWS Systems Manager. The control fails if the EC2 instance has been stopped or is running but not managed by Systems Manager, which hampers patching and inventory."},
            {"IAM.3", "3", "AwsIamAccessKey", "IAM users' access keys should be rotated every 90 days or less",
                    "This control checks whether the active access keys are rotated within 90 days. The control fails if the access keys are not rotated within the specified time period. Access keys consist of an access key ID and a secret access key used to sign programmatic requests."}};
    private static final String[] ACTIVITY = {"Unknown", "Create", "Update", "Close"};
    private static final String[] WORKFLOW = {"Unknown", "New", "In Progress", "Suppressed", "Resolved"};

    SecurityHubFindings(DemoBatch batch, Schema schema) {
        super(batch, schema);
    }

    @Override
    void fill(OcsfRecord event, long row, long time) {
        String[] control = values.pickSkewed(CONTROLS);
        int activity = values.chance(0.6) ? 2 : values.chance(0.7) ? 1 : 3;
        boolean passed = activity == 3 || values.chance(0.3);
        int severity = passed ? 1 : Integer.parseInt(control[1]);
        int status = activity == 3 ? 4 : activity == 1 ? 1 : values.chance(0.8) ? 1 : 3;
        classify(event, activity, ACTIVITY[activity], severity);
        String account = batch.account();
        String region = batch.region();
        String resourceUid = resourceUid(control[2]);
        String findingArn = "arn:aws:securityhub:" + region + ":" + account
                + ":security-control/" + control[0] + "/finding/" + values.uuid();
        long created = time - values.nextLong(86_400_000L, 90 * 86_400_000L);
        event.set("metadata.product.name", "Security Hub").set("metadata.product.vendor_name", "AWS")
                .set("metadata.product.version", "2018-10-08")
                .set("metadata.product.uid", "arn:aws:securityhub:" + region + "::product/aws/securityhub")
                .set("metadata.product.feature.name", "Security Hub")
                .set("metadata.product.feature.uid", "security-control/" + control[0])
                .set("metadata.profiles", list("cloud", "datetime")).set("metadata.event_code", control[0])
                .set("status", WORKFLOW[status]).set("status_id", status)
                .set("finding_info.uid", findingArn).set("finding_info.title", control[0] + " " + control[3])
                .set("finding_info.desc", control[4])
                .set("finding_info.types", list("Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices"))
                .set("finding_info.src_url", "https://docs.example.com/console/securityhub/" + control[0] + "/remediation")
                .set("finding_info.product_uid", "arn:aws:securityhub:" + region + "::product/aws/securityhub")
                .set("finding_info.created_time", created).set("finding_info.created_time_dt", created)
                .set("finding_info.first_seen_time", created).set("finding_info.first_seen_time_dt", created)
                .set("finding_info.last_seen_time", time).set("finding_info.last_seen_time_dt", time)
                .set("finding_info.modified_time", time).set("finding_info.modified_time_dt", time)
                .set("compliance.status", passed ? "Pass" : "Fail").set("compliance.status_id", passed ? 1 : 3)
                .set("compliance.control", control[0])
                .set("compliance.standards", list("standards/aws-foundational-security-best-practices/v/1.0.0",
                        "standards/cis-aws-foundations-benchmark/v/1.4.0"))
                .set("compliance.requirements", list("NIST.800-53.r5 AC-4", "NIST.800-53.r5 SC-7", "PCI DSS v3.2.1/1.2.1"))
                .set("remediation.desc", "For information on how to correct this issue, consult the AWS Security Hub controls documentation.")
                .set("remediation.references", list("https://docs.example.com/console/securityhub/" + control[0] + "/remediation"))
                .set("resources", List.of(resource(event, control[2], resourceUid)))
                .set("unmapped", map("ProductFields.aws/securityhub/ProductName", "Security Hub",
                        "ProductFields.aws/securityhub/CompanyName", "AWS",
                        "ProductFields.RelatedAWSResources:0/type", "AWS::Config::ConfigRule",
                        "ProductFields.RelatedAWSResources:0/name", "securityhub-" + control[0].toLowerCase().replace('.', '-') + "-" + values.hex(8),
                        "Workflow.Status", WORKFLOW[status].toUpperCase().replace(' ', '_'),
                        "RecordState", activity == 3 ? "ARCHIVED" : "ACTIVE",
                        "FindingProviderFields.Severity.Label", severity == 5 ? "CRITICAL" : severity == 4 ? "HIGH" : severity == 3 ? "MEDIUM" : "INFORMATIONAL"));
    }

    private GenericData.Record resource(OcsfRecord event, String type, String uid) {
        GenericData.Record resource = event.item("resources");
        resource.put("uid", uid);
        resource.put("type", type);
        resource.put("region", batch.region());
        resource.put("cloud_partition", "aws");
        resource.put("labels", list("Environment=" + values.pick(new String[] {"prod", "staging", "dev"}),
                "CostCenter=" + values.nextInt(1000, 9999)));
        resource.put("data", "{\"" + type + "\":{\"OwnerId\":\"" + batch.account() + "\",\"VpcId\":\"vpc-0"
                + values.hex(16) + "\",\"Tags\":{\"Team\":\"" + values.userName() + "\"}}}");
        return resource;
    }

    private String resourceUid(String type) {
        String account = batch.account();
        String region = batch.region();
        return switch (type) {
            case "AwsEc2SecurityGroup" -> "arn:aws:ec2:" + region + ":" + account + ":security-group/sg-0" + values.hex(16);
            case "AwsS3Bucket" -> "arn:aws:s3:::example-" + values.hex(8) + "-data";
            case "AwsEc2Instance" -> "arn:aws:ec2:" + region + ":" + account + ":instance/i-0" + values.hex(16);
            case "AwsKmsKey" -> "arn:aws:kms:" + region + ":" + account + ":key/" + values.uuid();
            case "AwsLambdaFunction" -> "arn:aws:lambda:" + region + ":" + account + ":function:etl-" + values.hex(6);
            case "AwsRdsDbInstance" -> "arn:aws:rds:" + region + ":" + account + ":db:orders-" + values.hex(6);
            case "AwsIamAccessKey" -> "AKIA" + values.upperAlnum(16);
            default -> "AWS::::Account:" + account;
        };
    }
}
