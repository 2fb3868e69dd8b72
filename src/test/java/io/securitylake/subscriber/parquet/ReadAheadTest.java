package io.securitylake.subscriber.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    private final ExecutorService reader = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        reader.shutdownNow();
    }

    @Test
    void handsOutEachChunksResultInOrderMadeOnTheReadingThread() {
        Chunks source = new Chunks(5, -1);
        List<String> threads = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source, event -> event, chunk -> {
            threads.add(Thread.currentThread().getName());
            return (Integer) chunk.get(0).get("n");
        }, reader)) {
            List<Integer> seen = new ArrayList<>();
            ahead.forEachRemaining(seen::add);
            assertThat(seen).containsExactly(0, 1, 2, 3, 4);
        }
        assertThat(threads).hasSize(5).doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void readsExactlyOneChunkAhead() throws Exception {
        Chunks source = new Chunks(5, -1);
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source, event -> event, chunk -> 0, reader)) {
            ahead.next();
            Thread.sleep(100);
            assertThat(source.read.get()).as("the one handed out and the one ahead").isEqualTo(2);
        }
    }

    @Test
    void failureOfAChunkReachesTheCallerAsRaisedAndClosesTheSource() {
        Chunks source = new Chunks(5, 2);
        ReadAhead<Integer> ahead = new ReadAhead<>(source, event -> event, chunk -> 0, reader);
        ahead.next();
        ahead.next();
        assertThatThrownBy(ahead::next).isInstanceOf(UnreadableObjectException.class).hasMessage("chunk 2");
        assertThat(source.closed).isTrue();
        assertThat(ahead.hasNext()).isFalse();
    }

    @Test
    void closeBeforeTheEndClosesTheSource() {
        Chunks source = new Chunks(5, -1);
        ReadAhead<Integer> ahead = new ReadAhead<>(source, event -> event, chunk -> 0, reader);
        ahead.next();
        ahead.close();
        assertThat(source.closed).isTrue();
    }

    /** Chunks of one event {"n": i}; chunk {@code failing} raises as a corrupt row would. */
    private static final class Chunks implements EventChunks {
        private final int chunks;
        private final int failing;
        final AtomicInteger read = new AtomicInteger();
        volatile boolean closed;

        Chunks(int chunks, int failing) {
            this.chunks = chunks;
            this.failing = failing;
        }

        @Override
        public boolean hasNext() {
            return !closed && read.get() < chunks;
        }

        @Override
        public <T> List<T> next(Function<Map<String, Object>, T> perEvent) {
            int n = read.getAndIncrement();
            if (n == failing) {
                throw new UnreadableObjectException("chunk " + n);
            }
            return List.of(perEvent.apply(Map.of("n", n)));
        }

        @Override
        public long rowsRead() {
            return read.get();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
