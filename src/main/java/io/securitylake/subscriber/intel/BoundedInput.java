package io.securitylake.subscriber.intel;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A feed's input that fails the read once more than {@code max} bytes came ({@code lake.intel.max-feed-bytes}). */
final class BoundedInput extends FilterInputStream {

    private final long max;
    private long read;

    BoundedInput(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    /** The bytes read so far. */
    long count() {
        return read;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        add(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        add(Math.max(n, 0));
        return n;
    }

    private void add(int n) throws IOException {
        read += n;
        if (read > max) {
            throw new IOException("feed larger than " + max + " bytes (lake.intel.max-feed-bytes)");
        }
    }
}
