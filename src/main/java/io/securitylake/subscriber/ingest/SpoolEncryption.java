package io.securitylake.subscriber.ingest;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import io.securitylake.subscriber.parquet.SpooledFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps spooled objects encrypted on disk, the only copy of tenant data this service writes outside the database:
 * AES-256-GCM in 64 KB segments (Tink's streaming AEAD, AES-GCM-HKDF with SHA-256), which Parquet can still read
 * with random access. The key is made when the service starts and held only in memory, so a file a crash leaves behind
 * cannot be read by anyone; the file's name is bound in as associated data, so one file cannot pass for another.
 */
final class SpoolEncryption {

    /**
     * A segment is what one read decrypts whole: 64 KB keeps each buffer well under G1's humongous-object size (half
     * a region: 512 KB at a 512 MB heap), where Tink's predefined 1 MB segments made every buffer humongous.
     */
    static final int SEGMENT_BYTES = 64 * 1024;

    private final StreamingAead aead;

    SpoolEncryption() {
        CompiledGcm.ready();
        try {
            StreamingAeadConfig.register();
            KeysetHandle key = KeysetHandle.generateNew(AesGcmHkdfStreamingParameters.builder()
                    .setKeySizeBytes(32)
                    .setDerivedAesGcmKeySizeBytes(32)
                    .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                    .setCiphertextSegmentSizeBytes(SEGMENT_BYTES)
                    .build());
            this.aead = key.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the spool's key", e);
        }
    }

    /** A stream that writes the file encrypted; closing it writes the last segment. */
    OutputStream encrypting(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        try {
            return aead.newEncryptingStream(out, associatedData(file));
        } catch (GeneralSecurityException e) {
            out.close();
            throw new IOException("cannot encrypt " + file.getFileName(), e);
        }
    }

    /**
     * The file as Parquet reads it: each channel decrypts, and fails on any byte changed on disk. The plain length
     * is the one written (Tink's keyset channel cannot tell it before a read, nor at all for an empty object).
     */
    SpooledFile decrypting(Path file, long plainLength) {
        return SpooledFile.of(file, () -> {
            FileChannel ciphertext = FileChannel.open(file, StandardOpenOption.READ);
            try {
                return new KnownSize(aead.newSeekableDecryptingChannel(ciphertext, associatedData(file)), plainLength);
            } catch (GeneralSecurityException e) {
                ciphertext.close();
                throw new IOException("cannot decrypt " + file.getFileName(), e);
            }
        });
    }

    /** A read-only channel whose size is known beforehand. */
    private record KnownSize(SeekableByteChannel channel, long size) implements SeekableByteChannel {

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.position() >= size ? -1 : channel.read(dst);
        }

        @Override
        public int write(ByteBuffer src) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public SeekableByteChannel truncate(long newSize) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Has HotSpot compile AES-GCM to its intrinsics (AES-NI, carry-less multiply) once per JVM, at start-up.
     * A segment is one call of the JDK's GHASH, whose intrinsic C2 uses only once that method is compiled as such,
     * after some thousands of calls; until then GCM runs as plain Java, an order of magnitude slower, and a new
     * process would spool its first objects that slowly (docs/performance.md). Three thousand round trips of 1 KB
     * make those calls at start-up.
     */
    private static final class CompiledGcm {

        private static final int ROUND_TRIPS = 3000;

        static {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                SecretKeySpec key = new SecretKeySpec(random, "AES");
                byte[] plain = new byte[1024];
                byte[] nonce = new byte[12];
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    ByteBuffer.wrap(nonce).putInt(i); // a nonce is never used twice with one key
                    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                    byte[] sealed = cipher.doFinal(plain);
                    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                    cipher.doFinal(sealed);
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is not available", e);
            }
        }

        static void ready() {
            // the class initialiser did the work, once
        }
    }

    private static byte[] associatedData(Path file) {
        return file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }
}
