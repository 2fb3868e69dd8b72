package io.securitylake.subscriber.demo;

import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** CloudTrail management events as Security Lake 2.0 writes them: OCSF 1.1.0 API Activity (6003). */
final class CloudTrailEvents extends OcsfEvents {

    static final String SPEC = IDS + NAMES + TIME + METADATA + CLOUD + STATUS + OBSERVABLES
            + "actor{user{type, name, uid, uid_alt, credential_uid, account{uid}}, "
            + "session{uid, issuer, is_mfa:bool, created_time:long, created_time_dt:ts}, invoked_by, idp{name}}, "
            + "api{operation, version, service{name}, request{uid}, response{error, message}}, "
            + "http_request{user_agent}, src_endpoint{ip, domain, uid}, "
            + "resources[{uid, name, type, region, cloud_partition, account_uid}], " + UNMAPPED;

    /** service, operation, OCSF activity_id, resource type; reads dominate as in real trails. */
    private static final String[][] CALLS = {
            {"ec2", "DescribeInstances", "2", "AWS::EC2::Instance"}, {"ec2", "DescribeSecurityGroups", "2", "AWS::EC2::SecurityGroup"},
            {"s3", "GetBucketAcl", "2", "AWS::S3::Bucket"}, {"sts", "AssumeRole", "99", "AWS::IAM::Role"},
            {"kms", "Decrypt", "99", "AWS::KMS::Key"}, {"iam", "GetUser", "2", "AWS::IAM::User"},
            {"iam", "ListRoles", "2", "AWS::IAM::Role"}, {"ssm", "GetParameter", "2", "AWS::SSM::Parameter"},
            {"logs", "CreateLogStream", "1", "AWS::Logs::LogGroup"}, {"ec2", "RunInstances", "1", "AWS::EC2::Instance"},
            {"ec2", "CreateTags", "1", "AWS::EC2::Instance"}, {"iam", "CreateAccessKey", "1", "AWS::IAM::User"},
            {"ec2", "AuthorizeSecurityGroupIngress", "3", "AWS::EC2::SecurityGroup"}, {"iam", "AttachRolePolicy", "3", "AWS::IAM::Role"},
            {"s3", "PutBucketPolicy", "3", "AWS::S3::Bucket"}, {"lambda", "UpdateFunctionCode20150331v2", "3", "AWS::Lambda::Function"},
            {"ec2", "TerminateInstances", "4", "AWS::EC2::Instance"}, {"iam", "DeleteAccessKey", "4", "AWS::IAM::User"},
            {"s3", "DeleteBucket", "4", "AWS::S3::Bucket"}, {"cloudtrail", "StopLogging", "3", "AWS::CloudTrail::Trail"}};
    private static final String[] ACTIVITY = {"Unknown", "Create", "Read", "Update", "Delete"};
    private static final String[] USER_AGENTS = {
            "aws-cli/2.15.30 Python/3.11.8 Linux/5.10.210-201.852.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/ec2.describe-instances",
            "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.15.0-1055-aws md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
            "aws-sdk-java/2.25.16 Linux/6.1.79-99.164.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.6312.86 Safari/537.36",
            "terraform-provider-aws/5.42.0 (+https://registry.iac.example/providers/hashicorp/aws) aws-sdk-go-v2/1.25.3 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.151.1",
            "console.amazonaws.com", "AWS Internal"};
    private static final String[] ROLES = {"OrganizationAccountAccessRole", "AWSReservedSSO_AdministratorAccess_7c1a2b3d4e5f6a7b",
            "ci-pipeline-deploy", "eks-node-group-NodeInstanceRole-1XK2L3M4N5O6", "SecurityAuditRole", "lambda-etl-exec"};

    CloudTrailEvents(DemoBatch batch, Schema schema) {
        super(batch, schema);
    }

    @Override
    void fill(OcsfRecord event, long row, long time) {
        String[] call = values.pickSkewed(CALLS);
        int activity = Integer.parseInt(call[2]);
        String account = batch.account();
        String region = batch.region();
        boolean denied = values.chance(0.07);
        classify(event, activity, activity == 99 ? "Other" : ACTIVITY[activity], denied ? 3 : 1);

        String host = call[0] + ".amazonaws.com";
        String user = values.userName();
        boolean assumed = values.chance(0.7);
        String role = values.pickSkewed(ROLES);
        String principalArn = assumed ? "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + user
                : "arn:aws:iam::" + account + ":user/" + user;
        String sourceIp = values.chance(0.2) ? values.privateIp() : values.publicIp();
        event.set("metadata.product.name", "CloudTrail").set("metadata.product.vendor_name", "AWS")
                .set("metadata.product.version", "1.09").set("metadata.product.feature.name", "Management")
                .set("metadata.profiles", list("cloud", "datetime")).set("metadata.event_code", "AwsApiCall")
                .set("metadata.log_name", "management").set("metadata.log_provider", "CloudTrail")
                .set("metadata.logged_time", loggedTime(time, values.nextInt(30_000, 600_000)))
                .set("actor.user.type", assumed ? "AssumedRole" : "IAMUser").set("actor.user.name", user)
                .set("actor.user.uid", (assumed ? "AROA" : "AIDA") + values.upperAlnum(17) + (assumed ? ":" + user : ""))
                .set("actor.user.uid_alt", principalArn)
                .set("actor.user.credential_uid", (assumed ? "ASIA" : "AKIA") + values.upperAlnum(16))
                .set("actor.user.account.uid", account)
                .set("api.operation", call[1]).set("api.service.name", host)
                .set("api.request.uid", values.uuid())
                .set("http_request.user_agent", values.pickSkewed(USER_AGENTS))
                .set("src_endpoint.ip", sourceIp)
                .set("status", denied ? "Failure" : "Success").set("status_id", denied ? 2 : 1);
        if (assumed) {
            event.set("actor.session.uid", values.upperAlnum(20)).set("actor.session.is_mfa", values.chance(0.3))
                    .set("actor.session.issuer", "arn:aws:iam::" + account + ":role/" + role)
                    .set("actor.session.created_time", time - values.nextInt(1_000, 3_600_000))
                    .set("actor.session.created_time_dt", time - values.nextInt(1_000, 3_600_000));
        }
        if (denied) {
            String action = call[0] + ":" + call[1];
            event.set("api.response.error", "AccessDenied").set("status_code", "AccessDenied")
                    .set("api.response.message", "User: " + principalArn + " is not authorized to perform: " + action
                            + " on resource: " + resourceArn(call, row) + " because no identity-based policy allows the "
                            + action + " action");
        }
        event.set("resources", List.of(resource(event, call, row)))
                .set("observables", List.of(
                        observable(event, "src_endpoint.ip", 2, "IP Address", sourceIp),
                        observable(event, "actor.user.name", 4, "User Name", user),
                        observable(event, "actor.user.uid_alt", 10, "Resource UID", principalArn)))
                .set("unmapped", map(
                        "eventType", "AwsApiCall", "managementEvent", "true", "eventCategory", "Management",
                        "recipientAccountId", account, "readOnly", String.valueOf(activity == 2),
                        "tlsDetails.tlsVersion", "TLSv1.3", "tlsDetails.cipherSuite", "TLS_AES_128_GCM_SHA256",
                        "tlsDetails.clientProvidedHostHeader", call[0] + "." + region + ".amazonaws.com",
                        "requestParameters.filterSet.items[].name", "tag:Environment,instance-state-name",
                        "sessionCredentialFromConsole", String.valueOf(values.chance(0.1))));
    }

    private GenericData.Record resource(OcsfRecord event, String[] call, long row) {
        GenericData.Record resource = event.item("resources");
        resource.put("uid", resourceArn(call, row));
        resource.put("type", call[3]);
        resource.put("region", batch.region());
        resource.put("cloud_partition", "aws");
        resource.put("account_uid", batch.account());
        return resource;
    }

    private String resourceArn(String[] call, long row) {
        String id = DemoValues.hex16(DemoValues.mix(row % 997 + batch.seed())).substring(0, 8);
        return switch (call[0]) {
            case "s3" -> "arn:aws:s3:::example-" + id + "-logs";
            case "iam", "sts" -> "arn:aws:iam::" + batch.account() + ":role/service-role-" + id;
            default -> "arn:aws:" + call[0] + ":" + batch.region() + ":" + batch.account() + ":" + call[3]
                    .substring(call[3].lastIndexOf(':') + 1).toLowerCase() + "/" + call[0] + "-0" + id;
        };
    }
}
