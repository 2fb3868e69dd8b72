package io.securitylake.subscriber.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Scripted attacks the demo feed plays for each demo tenant, among the random traffic, so the local run shows the
 * starter rules firing and their detections forming incidents. Story one, in two acts: a console login without
 * MFA from a new address, an access key created and CloudTrail stopped by that user; then (next round) a
 * credential-dumping command on the user's laptop, reported by CrowdStrike. Story two: another user logs in
 * without MFA and removes an MFA device. Each story is one incident; the second act raises the first's severity.
 * Users and laptops are names the random traffic never uses, addresses are IPv6 documentation ones (2001:db8::/32),
 * so the stories do not merge with random detections.
 */
final class DemoScenarios {

    /** One scripted object: what the generator would write, changed row by row by the script. */
    record Scripted(DemoBatch batch, BiConsumer<Long, OcsfRecord> script) {
    }

    private record Cast(String account, String laptopAccount, String intruder, String laptop, String address,
                        String careless, String carelessAddress) {
    }

    private static final List<Cast> CASTS = List.of(
            new Cast("111111111111", "111111111112", "quentin.ortiz", "lt-qortiz-07", "2001:db8:a1::66",
                    "zeno.park", "2001:db8:a1::99"),
            new Cast("222222222222", "222222222222", "yara.nakamura", "lt-ynakamura-03", "2001:db8:b2::66",
                    "xavi.rios", "2001:db8:b2::99"));

    private DemoScenarios() {
    }

    /** The objects of act one (round 1) or act two (round 2); none in other rounds. */
    static List<Scripted> act(int round, Instant writtenAt, long seed) {
        List<Scripted> out = new ArrayList<>();
        for (Cast cast : CASTS) {
            DemoLake.Window window = DemoLake.Window.before(writtenAt);
            if (round == 1) {
                out.add(new Scripted(new DemoBatch(DemoSource.CLOUD_TRAIL_MGMT, cast.account(), DemoFeedPlan.REGION,
                        window, 5, seed ^ cast.account().hashCode()), (row, e) -> actOne(cast, row, e)));
            } else if (round == 2) {
                out.add(new Scripted(new DemoBatch(DemoSource.CROWDSTRIKE_PROCESS, cast.laptopAccount(),
                        DemoFeedPlan.REGION, window, 1, seed ^ cast.laptop().hashCode()), (row, e) -> dumping(cast, e)));
            }
        }
        return out;
    }

    private static void actOne(Cast cast, long row, OcsfRecord e) {
        switch ((int) (long) row) {
            case 0 -> call(e, cast.intruder(), cast.address(), "signin.amazonaws.com", "ConsoleLogin");
            case 1 -> call(e, cast.intruder(), cast.address(), "iam.amazonaws.com", "CreateAccessKey");
            case 2 -> call(e, cast.intruder(), cast.address(), "cloudtrail.amazonaws.com", "StopLogging");
            case 3 -> call(e, cast.careless(), cast.carelessAddress(), "signin.amazonaws.com", "ConsoleLogin");
            default -> call(e, cast.careless(), cast.carelessAddress(), "iam.amazonaws.com", "DeactivateMFADevice");
        }
    }

    static void call(OcsfRecord e, String user, String address, String service, String operation) {
        e.set("actor.user.type", "IAMUser").set("actor.user.name", user)
                .set("actor.user.uid_alt", "arn:aws:iam::" + e.get("cloud.account.uid") + ":user/" + user)
                .set("actor.session.is_mfa", false).set("actor.session.issuer", null)
                .set("api.operation", operation).set("api.service.name", service)
                .set("api.response.error", null).set("api.response.message", null).set("status_code", null)
                .set("src_endpoint.ip", address).set("status", "Success").set("status_id", 1)
                .set("http_request.user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                        + "(KHTML, like Gecko) Chrome/123.0.6312.86 Safari/537.36")
                .set("observables", List.of())
                .set("unmapped", java.util.Map.of("eventType", "ConsoleLogin".equals(operation) ? "AwsConsoleSignIn"
                        : "AwsApiCall", "additionalEventData.MFAUsed", "No", "recipientAccountId",
                        String.valueOf(e.get("cloud.account.uid"))));
    }

    private static void dumping(Cast cast, OcsfRecord e) {
        e.set("device.hostname", cast.laptop()).set("device.ip", cast.address())
                .set("actor.user.name", cast.intruder()).set("process.user.name", cast.intruder())
                .set("process.name", "m64.exe").set("process.file.name", "m64.exe")
                .set("process.file.path", "C:\\Users\\" + cast.intruder() + "\\Downloads\\m64.exe")
                .set("process.cmd_line", "C:\\Users\\" + cast.intruder() + "\\Downloads\\m64.exe \"privilege::debug\" "
                        + "\"sekurlsa::logonpasswords\" exit")
                .set("observables", List.of());
    }

    /** Writes one scripted object: the generator's rows, each changed by the script. */
    static void write(Path file, Scripted s) {
        DemoBatch batch = s.batch();
        OcsfEvents generator = batch.source().events(batch);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(batch.source().schema()).withDataModel(GenericData.get())
                .withCompressionCodec(CompressionCodecName.ZSTD).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (long row = 0; row < batch.events(); row++) {
                GenericData.Record record = generator.next(row);
                s.script().accept(row, new OcsfRecord(record));
                writer.write(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
