package io.securitylake.subscriber.api;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Opaque paging cursors: base64url of a digest of the page's filters, a position (e.g. time and uid of the
 * last row) and an HMAC-SHA256 tag over tenant, listing, digest and position. The tag makes a tampered cursor,
 * or one minted for another tenant or another listing, a 400 rather than a query; the digest makes a cursor
 * sent with other filters than its first page (an empty or wrong page otherwise) a 400. Filters are given in
 * canonical form, so that the same filters written in another order or another notation still match; the
 * page size is not a filter and may change from page to page.
 */
@Component
public class Cursors {

    private static final int TAG = 16;
    private static final int FILTERS = 16;
    private static final int MAX_LENGTH = 2048;

    private final SecretKeySpec secret;

    Cursors(ApiSettings apiSettings) {
        String configured = apiSettings.api().cursorSecret();
        byte[] key;
        if (configured != null && !configured.isBlank()) {
            key = configured.getBytes(StandardCharsets.UTF_8);
        } else {
            // a random secret only invalidates open cursors at restart; replicas need the same configured secret
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        this.secret = new SecretKeySpec(key, "HmacSHA256");
    }

    public String encode(String tenant, String listing, String filters, List<String> position) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(digest(filters));
            out.writeByte(position.size());
            for (String field : position) {
                out.writeUTF(field);
            }
            byte[] payload = bytes.toByteArray();
            byte[] all = Arrays.copyOf(payload, payload.length + TAG);
            System.arraycopy(tag(tenant, listing, payload), 0, all, payload.length, TAG);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
        } catch (IOException e) {
            throw new IllegalStateException("position too long for a cursor", e);
        }
    }

    /**
     * The position of a cursor this service minted for the same tenant, listing and filters (canonical form);
     * anything else is 400.
     */
    public List<String> decode(String tenant, String listing, String filters, String cursor, int fields) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (all.length <= TAG) {
            throw invalid();
        }
        byte[] payload = Arrays.copyOf(all, all.length - TAG);
        byte[] tag = Arrays.copyOfRange(all, all.length - TAG, all.length);
        if (!MessageDigest.isEqual(tag, tag(tenant, listing, payload))) {
            throw invalid();
        }
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
            byte[] minted = new byte[FILTERS];
            in.readFully(minted);
            if (!MessageDigest.isEqual(minted, digest(filters))) {
                throw Params.bad("cursor", "belongs to a page with other filters: send the filters of the first page "
                        + "with every cursor (only limit may change)");
            }
            int n = in.readUnsignedByte();
            if (n != fields) {
                throw invalid();
            }
            List<String> position = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                position.add(in.readUTF());
            }
            return position;
        } catch (IOException e) {
            throw invalid();
        }
    }

    private byte[] tag(String tenant, String listing, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            mac.update((tenant + '\0' + listing + '\0').getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(payload), TAG);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One listing's cursors for one tenant and one set of filters (canonical form): what every page of it shares. */
    public Listing listing(String tenant, String listing, String filters) {
        return new Listing(tenant, listing, filters);
    }

    /** A page of rows and the cursor of the next page, {@code null} on the last page. */
    public record Page<T>(List<T> rows, String next) {
    }

    /**
     * Keyset paging of one listing: the position a request's cursor points at, and a page cut from one row more
     * than asked (that row says whether a next page exists).
     */
    public final class Listing {
        private final String tenant;
        private final String listing;
        private final String filters;

        private Listing(String tenant, String listing, String filters) {
            this.tenant = tenant;
            this.listing = listing;
            this.filters = filters;
        }

        /** The position of the request's {@code cursor}, of {@code fields} parts; none on a first page. */
        public Optional<List<String>> position(Params params, int fields) {
            return params.one("cursor").map(cursor -> decode(tenant, listing, filters, cursor, fields));
        }

        /**
         * The first {@code limit} of {@code rows} (read with {@code limit + 1}) and, when there were more, the cursor
         * after the last of them.
         */
        public <T> Page<T> page(List<T> rows, int limit, Function<T, List<String>> position) {
            if (rows.size() <= limit) {
                return new Page<>(rows, null);
            }
            List<T> page = rows.subList(0, limit);
            return new Page<>(page, encode(tenant, listing, filters, position.apply(page.get(limit - 1))));
        }
    }

    /** A time as it is kept in a cursor: microseconds since the epoch. */
    public static String toMicros(Instant t) {
        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, t));
    }

    public static Instant fromMicros(String micros) {
        try {
            return Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS);
        } catch (RuntimeException e) {
            throw Params.bad("cursor", "is not a cursor this API returned");
        }
    }

    private static byte[] digest(String filters) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(filters.getBytes(StandardCharsets.UTF_8)),
                    FILTERS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiProblem invalid() {
        return Params.bad("cursor", "is not a cursor this API returned for this listing and credential");
    }
}
