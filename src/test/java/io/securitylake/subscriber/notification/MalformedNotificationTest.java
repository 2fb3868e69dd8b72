package io.securitylake.subscriber.notification;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static io.securitylake.subscriber.notification.Bodies.records;
import static io.securitylake.subscriber.notification.Bodies.s3Record;
import static io.securitylake.subscriber.notification.Bodies.sns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Bodies of no known shape are refused with a short message that says what was expected and found. */
class MalformedNotificationTest {

    private static final int HUGE = 256 * 1024;

    private final NotificationParser parser = new NotificationParser();

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not JSON", "this is not json", "not JSON"),
                Arguments.of("truncated JSON", "{\"Records\":[{\"eventName\":", "not JSON"),
                Arguments.of("trailing garbage", "{\"Records\":[]} and more", "not JSON"),
                Arguments.of("JSON array", "[]", "array, not an object"),
                Arguments.of("JSON number", "42", "number, not an object"),
                Arguments.of("JSON string", "\"hello\"", "string, not an object"),
                Arguments.of("JSON null", "null", "null, not an object"),
                Arguments.of("empty object", "{}", "found fields []"),
                Arguments.of("unknown object", "{\"foo\":1}", "found fields [foo]"),
                Arguments.of("Records not an array", "{\"Records\":{}}", "not a JSON array"),
                Arguments.of("Records item not an object", "{\"Records\":[1]}", "S3 record 0 is not a JSON object"),
                Arguments.of("Records item without eventName", "{\"Records\":[{\"s3\":{}}]}", "eventName"),
                Arguments.of("Records without s3", "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}", "no s3"),
                Arguments.of("record without bucket", records(s3Record("ObjectCreated:Put", "", "k")), "bucket.name"),
                Arguments.of("record without key", records(s3Record("ObjectCreated:Put", "b", "")), "object.key"),
                Arguments.of("record key not URL-encoded", records(s3Record("ObjectCreated:Put", "b", "a/%zz")), "URL-encoded"),
                Arguments.of("detail without key",
                        "{\"detail\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"size\":1}}}", "object.key"),
                Arguments.of("detail without bucket", "{\"detail\":{\"object\":{\"key\":\"k\"}}}", "bucket.name"),
                Arguments.of("detail not an object", "{\"detail\":\"x\"}", "detail is not a JSON object"),
                Arguments.of("detail-type not a string",
                        "{\"detail-type\":7,\"detail\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}", "detail-type"),
                Arguments.of("SNS Message not JSON", sns("not json at all"), "SNS Message is not JSON"),
                Arguments.of("SNS Message an array", sns("[1,2]"), "SNS Message is JSON array"),
                Arguments.of("SNS Message empty", sns(""), "SNS Message is empty"),
                Arguments.of("SNS Message not a string",
                        "{\"Type\":\"Notification\",\"Message\":{\"Records\":[]}}", "Message is not a string"),
                Arguments.of("SNS wrapping SNS", sns(sns(Bodies.testEvent())), "SNS Message is of no known shape"),
                Arguments.of("SNS subscription confirmation",
                        "{\"Type\":\"SubscriptionConfirmation\",\"SubscribeURL\":\"https://x\"}", "[Type, SubscribeURL]"),
                Arguments.of("garbage of 256 KB", "x".repeat(HUGE), "not JSON"),
                Arguments.of("nesting of 256 KB", "[".repeat(HUGE), "beyond the JSON reader's limits: Document nesting depth"),
                Arguments.of("unknown object of 256 KB", "{\"payload\":\"" + "y".repeat(HUGE) + "\"}", "[payload]"),
                Arguments.of("256 KB field name", "{\"" + "n".repeat(HUGE) + "\":1}", "beyond the JSON reader's limits: Name length"),
                Arguments.of("4 KB field name", "{\"" + "n".repeat(4096) + "\":1}", "found fields [nnn"),
                Arguments.of("many fields", manyFields(20_000), ", ...]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedBodyIsUnreadableWithAShortMessage(String name, String body, String expectedInMessage) {
        UnreadableNotificationException e = catchThrowableOfType(UnreadableNotificationException.class,
                () -> parser.parse(body));
        assertThat(e).as("exception for %s", name).isNotNull();
        assertThat(e.getMessage()).contains(expectedInMessage).hasSizeLessThan(400);
        if (body.length() > 60) {
            assertThat(e.getMessage()).doesNotContain(body);
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\n\t  "})
    void missingOrBlankBodyIsUnreadable(String body) {
        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOf(UnreadableNotificationException.class)
                .hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"foo\":1}", "[]"})
    void messageSaysWhichShapesWereExpected(String body) {
        assertThatThrownBy(() -> parser.parse(body))
                .hasMessageContaining("EventBridge 'detail'")
                .hasMessageContaining("S3 'Records'")
                .hasMessageContaining("SNS 'Message'");
    }

    private static String manyFields(int count) {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("\"field").append(i).append("\":").append(i);
        }
        return body.append('}').toString();
    }
}
