package io.securitylake.subscriber.ingest;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
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

/**
 * Keeps spooled objects encrypted on disk, the only copy of tenant data this service writes outside the database:
 * AES-256-GCM in 1 MB segments (Tink's streaming AEAD, AES256_GCM_HKDF_1MB), which Parquet can still read with
 * random access. The key is made when the service starts and held only in memory, so a file a crash leaves behind
 * cannot be read by anyone; the file's name is bound in as associated data, so one file cannot pass for another.
 */
final class SpoolEncryption {

    private final StreamingAead aead;

    SpoolEncryption() {
        try {
            StreamingAeadConfig.register();
            KeysetHandle key = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
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

    /** The file as Parquet reads it: each channel decrypts, and fails on any byte changed on disk. */
    SpooledFile decrypting(Path file) {
        return new SpooledFile() {
            @Override
            public String name() {
                return file.getFileName().toString();
            }

            @Override
            public SeekableByteChannel open() throws IOException {
                FileChannel ciphertext = FileChannel.open(file, StandardOpenOption.READ);
                try {
                    SeekableByteChannel plain = aead.newSeekableDecryptingChannel(ciphertext, associatedData(file));
                    // Tink's keyset channel finds its key on the first read and cannot tell its size before
                    plain.read(ByteBuffer.allocate(1));
                    return plain.position(0);
                } catch (GeneralSecurityException | IOException | RuntimeException e) {
                    ciphertext.close();
                    throw e instanceof IOException io ? io : new IOException("cannot decrypt " + file.getFileName(), e);
                }
            }
        };
    }

    private static byte[] associatedData(Path file) {
        return file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }
}
