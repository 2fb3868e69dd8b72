package io.securitylake.subscriber.parquet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A spooled object as Parquet reads it: a name for messages and a channel with random access to its plain bytes,
 * opened anew for each stream Parquet asks for. The channel may decrypt a file kept encrypted on disk.
 */
public interface SpooledFile {

    /** The name messages use (the file's name, never its contents). */
    String name();

    /** A new channel over the plain bytes, positioned at 0. */
    SeekableByteChannel open() throws IOException;

    /** Opens a channel over a file's plain bytes. */
    @FunctionalInterface
    interface Opener {
        SeekableByteChannel open() throws IOException;
    }

    /** A file on disk, named by its file name, whose plain bytes {@code opener} reads. */
    static SpooledFile of(Path file, Opener opener) {
        return new SpooledFile() {
            @Override
            public String name() {
                return file.getFileName().toString();
            }

            @Override
            public SeekableByteChannel open() throws IOException {
                return opener.open();
            }
        };
    }

    /** A plain file on disk. */
    static SpooledFile plain(Path file) {
        return of(file, () -> FileChannel.open(file, StandardOpenOption.READ));
    }

    /** Parquet's view of the file. */
    default InputFile inputFile() {
        return new InputFile() {
            @Override
            public long getLength() throws IOException {
                try (SeekableByteChannel channel = open()) {
                    return channel.size();
                }
            }

            @Override
            public SeekableInputStream newStream() throws IOException {
                SeekableByteChannel channel = open();
                InputStream in = Channels.newInputStream(channel);
                return new DelegatingSeekableInputStream(in) {
                    @Override
                    public long getPos() throws IOException {
                        return channel.position();
                    }

                    @Override
                    public void seek(long newPos) throws IOException {
                        channel.position(newPos);
                    }
                };
            }
        };
    }

    /** Reads {@code length} bytes at {@code position}, or fewer where the file ends first. */
    static ByteBuffer readAt(SeekableByteChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                break;
            }
        }
        return buffer.flip();
    }
}
