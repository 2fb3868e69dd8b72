package io.securitylake.subscriber.faults;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT_2;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.backfill.LakeHistory;
import io.securitylake.subscriber.backfill.LakeHistory.Layout;
import io.securitylake.subscriber.backfill.LakeHistory.Written;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill survives the death of its process: killed (-9) half-way through, the next process resumes from the
 * control database where it stopped, reads only what was not stored, and every event is stored once.
 */
class BackfillResumeFaultTest {

    @RegisterExtension
    static final FaultStack STACK = new FaultStack("backfill-resume", 30, 0);
    private static final Duration WAIT = Duration.ofSeconds(300);
    private static final String ADMIN_KEY = "backfill-admin-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LakeProbe probe = new LakeProbe();
    @RegisterExtension
    final ServiceProcesses processes = new ServiceProcesses();
    @TempDir
    Path tmp;

    @Test
    void killedHalfWayTheNextProcessResumesAndStoresEveryEventOnce() throws Exception {
        LakeHistory lake = new LakeHistory("backfill-resume-" + System.nanoTime() % 1_000_000, tmp);
        LocalDate day = LocalDate.of(2018, 2, 1);
        List<Written> objects = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            for (String account : List.of(ACME_ACCOUNT, ACME_ACCOUNT_2)) {
                objects.addAll(lake.write(DemoSource.CLOUD_TRAIL_MGMT, Layout.NATIVE_2_0, account, "us-east-1",
                        day.plusDays(d), 70, 1));
                objects.addAll(lake.write(DemoSource.CROWDSTRIKE_PROCESS, Layout.CUSTOM, account, "us-east-1",
                        day.plusDays(d), 50, 1));
            }
        }
        ServiceProcess first = start("backfill-first");
        String uid = startBackfill(first, """
                {"bucket": "%s", "tenant": "acme", "from": "%s", "to": "%s"}""".formatted(lake.bucket(), day, day.plusDays(1)));
        await(WAIT, "a part of the backfill is stored", () -> stored(uid) >= objects.size() / 4);
        first.kill();
        long atKill = stored(uid);
        assertThat(atKill).as("killed half-way").isLessThan(objects.size());

        ServiceProcess second = start("backfill-second");
        JsonNode[] last = new JsonNode[1];
        await(WAIT, "the backfill is done", () -> {
            last[0] = status(second, uid);
            return "done".equals(last[0].path("status").asText());
        });
        JsonNode done = last[0];
        assertThat(done.path("objects_listed").asLong()).isEqualTo(objects.size());
        assertThat(done.path("objects_done").asLong()).isEqualTo(objects.size());
        assertThat(done.path("objects_failed").asLong()).isZero();
        long readAgain = second.logLines("object done", "rows=0 ms=0");
        // what the first process stored is not read again; only the objects it was reading when it died are
        assertThat(readAgain).as("objects the second process read").isLessThanOrEqualTo(objects.size() - atKill + 2 * 4)
                .isGreaterThan(0);
        Tally tally = Tally.count(probe, "backfill kill -9 half-way",
                "killed with " + atKill + " of " + objects.size() + " objects stored; the next process claimed the rest "
                        + "(" + readAgain + " read) once the dead one's claims ran out", "acme",
                LakeHistory.keys(objects), LakeHistory.events(objects));
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicated()).isZero();
    }

    private long stored(String uid) {
        return probe.control().queryForObject(
                "SELECT count(*) FROM lake_backfill_objects WHERE backfill_uid = ? AND state = 'stored'", Long.class, uid);
    }

    private ServiceProcess start(String name) {
        Map<String, String> settings = new LinkedHashMap<>(STACK.settings());
        settings.put("lake.admin.api-keys", ADMIN_KEY);
        settings.put("lake.backfill.poll-interval", "500ms");
        settings.put("lake.backfill.claim-lease", "5s");
        settings.put("lake.backfill.retry-delay", "2s");
        return processes.startReady(name, settings, WAIT);
    }

    private static String startBackfill(ServiceProcess service, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api(service, ""))
                .header("X-API-Key", ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).path("uid").asText();
    }

    private static JsonNode status(ServiceProcess service, String uid) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api(service, "/" + uid))
                    .header("X-API-Key", ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static URI api(ServiceProcess service, String path) {
        return URI.create("http://127.0.0.1:" + service.port() + "/api/v1/admin/backfill" + path);
    }
}
