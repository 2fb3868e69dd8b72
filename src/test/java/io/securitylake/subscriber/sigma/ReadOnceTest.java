package io.securitylake.subscriber.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An event's field read once for every rule evaluated on it ({@link ReadOnce}): a shared reader reads the event the
 * first time a rule asks and answers the others from that; another event, even the same map changed, is read anew.
 */
class ReadOnceTest {

    private static Map<String, Object> event(String path) {
        Map<String, Object> event = new HashMap<>();
        event.put("class_uid", 1007);
        event.put("process", Map.of("file", Map.of("path", path)));
        return event;
    }

    @Test
    void aFieldIsReadOnceForAnEventAndAnewForTheNext() {
        AtomicInteger reads = new AtomicInteger();
        OcsfPaths.FieldReader path = EndpointFields.path("process.file.path");
        // a category of this test's own, so that no other test shares the reader
        OcsfPaths.FieldReader shared = ReadOnce.shared("read_once_test", "Image",
                OcsfPaths.FieldReader.of(path.paths(), event -> {
                    reads.incrementAndGet();
                    return path.read(event);
                }));
        assertThat(ReadOnce.shared("read_once_test", "Image", EndpointFields.path("x"))).isSameAs(shared);
        assertThat(shared.paths()).containsExactly("process.file.path");

        Map<String, Object> first = ReadOnce.of(event("C:\\a.exe"));
        assertThat(shared.read(first)).containsExactly("C:\\a.exe");
        assertThat(shared.read(first)).containsExactly("C:\\a.exe");
        assertThat(reads).hasValue(1);
        assertThat(ReadOnce.of(first)).isSameAs(first);

        Map<String, Object> second = ReadOnce.of(event("C:\\b.exe"));
        assertThat(shared.read(second)).containsExactly("C:\\b.exe");
        assertThat(shared.read(first)).containsExactly("C:\\a.exe");
        assertThat(reads).hasValue(2);

        // the same map, changed after it was evaluated, is a new event for the next evaluation
        Map<String, Object> changing = event("C:\\c.exe");
        assertThat(shared.read(ReadOnce.of(changing))).containsExactly("C:\\c.exe");
        changing.put("process", Map.of("file", Map.of("path", "C:\\d.exe")));
        assertThat(shared.read(ReadOnce.of(changing))).containsExactly("C:\\d.exe");

        // a plain event is read each time
        Map<String, Object> plain = event("C:\\e.exe");
        shared.read(plain);
        shared.read(plain);
        assertThat(reads).hasValue(6);
    }

    @Test
    void itIsTheEventReadOnly() {
        Map<String, Object> event = event("C:\\a.exe");
        Map<String, Object> once = ReadOnce.of(event);
        assertThat(once).isEqualTo(event).containsEntry("class_uid", 1007).hasSize(2);
        assertThat(once.get("process")).isSameAs(event.get("process"));
        assertThat(List.copyOf(once.keySet())).containsExactlyInAnyOrderElementsOf(event.keySet());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> once.put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
