package io.securitylake.subscriber.notification;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.securitylake.subscriber.notification.Bodies.records;
import static io.securitylake.subscriber.notification.Bodies.s3Record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Optional and oddly typed fields of a notification, and one parser shared by threads. */
class NotificationFieldsTest {

    private static final String KEY = "aws/VPC_FLOW/1.0/region=us-east-1/accountId=123456789012/eventDay=20230614/f.gz.parquet";

    private final NotificationParser parser = new NotificationParser();

    @Test
    void eventBridgeWithoutTimeHasNoNotifiedAt() {
        String body = """
                {"detail":{"bucket":{"name":"b"},"object":{"key":"k.parquet"}}}""";
        assertThat(parser.parse(body)).containsExactly(new LakeObject("b", "k.parquet", null, null, null));
    }

    @Test
    void sizeGivenAsTextIsReadAndTimeMayCarryAnOffset() {
        String body = """
                {"time":"2024-03-01T12:15:30+02:00","detail":{"bucket":{"name":"b"},
                  "object":{"key":"k","size":"77"}}}""";
        assertThat(parser.parse(body)).containsExactly(
                new LakeObject("b", "k", 77L, null, Instant.parse("2024-03-01T10:15:30Z")));
    }

    @Test
    void unreadableTimeLeavesNotifiedAtNullButKeepsTheObject() {
        String body = """
                {"time":"yesterday","detail":{"bucket":{"name":"b"},"object":{"key":"k","size":1.5}}}""";
        assertThat(parser.parse(body)).containsExactly(new LakeObject("b", "k", null, null, null));
    }

    @Test
    void oneParserServesManyThreads() throws Exception {
        String body = records(s3Record("ObjectCreated:Put", "b", KEY.replace("=", "%3D")));
        List<Thread> threads = new ArrayList<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    if (!parser.parse(body).get(0).key().equals(KEY)) {
                        failures.add(new AssertionError("wrong key"));
                    }
                }
            });
            thread.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aSharedMapperIsUsedWithoutChangingItsSettings() {
        ObjectMapper shared = new ObjectMapper();
        NotificationParser withShared = new NotificationParser(shared);
        assertThat(withShared.parse(records(s3Record("ObjectCreated:Put", "b", "k")))).hasSize(1);
        assertThatThrownBy(() -> withShared.parse(Bodies.testEvent() + " trailing"))
                .isInstanceOf(UnreadableNotificationException.class);
        assertThat(shared.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)).isFalse();
    }
}
