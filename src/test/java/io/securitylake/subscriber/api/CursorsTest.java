package io.securitylake.subscriber.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cursor's signature itself: each case below leaves the encoded position intact (so only the HMAC tag can
 * refuse it) and changes the tag, the secret, the tenant or the listing. Cursors do not bind the filters of a
 * listing yet, so no case changes them.
 */
class CursorsTest {

    private static final String TENANT = "acme";
    private static final String LISTING = "events";
    private static final String FILTERS = "from=\nto=\nclass_uid=[3002]";
    private static final List<String> POSITION = List.of("1718323200000000", "uid-41");

    private final Cursors cursors = new Cursors(withSecret("cursor-secret"));

    @Test
    void aCursorReturnsItsPositionForTheSameTenantAndListing() {
        String cursor = cursors.encode(TENANT, LISTING, FILTERS, POSITION);
        assertThat(cursors.decode(TENANT, LISTING, FILTERS, cursor, 2)).isEqualTo(POSITION);
        assertThat(new Cursors(withSecret("cursor-secret")).decode(TENANT, LISTING, FILTERS, cursor, 2))
                .as("a replica with the same secret").isEqualTo(POSITION);
    }

    static Stream<Arguments> forgeries() {
        return Stream.of(
                Arguments.of("a flipped byte of the signature", (UnaryOperator<String>) CursorsTest::flipLastTagByte,
                        TENANT, LISTING),
                Arguments.of("re-signed with another secret", (UnaryOperator<String>) c ->
                        new Cursors(withSecret("another-secret")).encode(TENANT, LISTING, FILTERS, POSITION), TENANT, LISTING),
                Arguments.of("presented by another tenant", UnaryOperator.identity(), "globex", LISTING),
                Arguments.of("presented to another listing", UnaryOperator.identity(), TENANT, "ingest-objects"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void aCursorWithAnIntactPositionButAnotherSignatureIsABadRequest(String what, UnaryOperator<String> forge,
                                                                     String tenant, String listing) {
        String forged = forge.apply(cursors.encode(TENANT, LISTING, FILTERS, POSITION));
        assertThat(payload(forged)).as("the position is untouched").isEqualTo(payload(cursors.encode(TENANT, LISTING, FILTERS, POSITION)));
        assertRefused(() -> cursors.decode(tenant, listing, FILTERS, forged, 2));
    }

    @Test
    void withoutAConfiguredSecretEachStartSignsWithItsOwnRandomSecret() {
        Cursors first = new Cursors(withSecret(null));
        Cursors second = new Cursors(withSecret(" "));
        String cursor = first.encode(TENANT, LISTING, FILTERS, POSITION);
        assertThat(first.decode(TENANT, LISTING, FILTERS, cursor, 2)).isEqualTo(POSITION);
        assertRefused(() -> second.decode(TENANT, LISTING, FILTERS, cursor, 2));
        assertRefused(() -> cursors.decode(TENANT, LISTING, FILTERS, cursor, 2));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "AAAA", "not base64!", "AAAAAAAAAAAAAAAAAAAAAA"})
    void somethingThatIsNotACursorIsABadRequest(String cursor) {
        assertRefused(() -> cursors.decode(TENANT, LISTING, FILTERS, cursor, 2));
    }

    @Test
    void aCursorLongerThanAnyThisServiceMintsIsRefusedBeforeItIsDecoded() {
        String longest = cursors.encode(TENANT, LISTING, FILTERS, List.of("x".repeat(1501)));
        assertThat(longest).hasSize(2048);
        assertThat(cursors.decode(TENANT, LISTING, FILTERS, longest, 1)).containsExactly("x".repeat(1501));
        String tooLong = cursors.encode(TENANT, LISTING, FILTERS, List.of("x".repeat(1504)));
        assertThat(tooLong.length()).isGreaterThan(2048);
        assertRefused(() -> cursors.decode(TENANT, LISTING, FILTERS, tooLong, 1));
    }

    @Test
    void aCursorSentWithOtherFiltersThanItsFirstPageIsABadRequest() {
        String cursor = cursors.encode(TENANT, LISTING, FILTERS, POSITION);
        assertThatThrownBy(() -> cursors.decode(TENANT, LISTING, FILTERS.replace("3002", "4001"), cursor, 2))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.detail()).contains("other filters"));
    }

    @Test
    void aSignedCursorOfAnotherShapeIsABadRequest() {
        String three = cursors.encode(TENANT, LISTING, FILTERS, List.of("a", "b", "c"));
        assertRefused(() -> cursors.decode(TENANT, LISTING, FILTERS, three, 2));
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable decode) {
        assertThatThrownBy(decode).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.detail()).contains("cursor");
        });
    }

    private static String flipLastTagByte(String cursor) {
        byte[] all = Base64.getUrlDecoder().decode(cursor);
        all[all.length - 1] ^= 0x01;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    }

    /** The encoded position: everything before the 16-byte tag. */
    private static String payload(String cursor) {
        byte[] all = Base64.getUrlDecoder().decode(cursor);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(all, all.length - 16));
    }

    private static ApiSettings withSecret(String secret) {
        return secret == null ? ApiSettings.of() : ApiSettings.of("api.cursor-secret", secret);
    }

    @Test
    void aPageReadWithOneRowMoreThanAskedKeepsTheLimitAndPointsAfterItsLastRow() {
        Cursors.Listing listing = cursors.listing(TENANT, LISTING, FILTERS);
        Cursors.Page<String> page = listing.page(List.of("a", "b", "c"), 2, last -> List.of("1", last));
        assertThat(page.rows()).containsExactly("a", "b");
        assertThat(cursors.decode(TENANT, LISTING, FILTERS, page.next(), 2)).containsExactly("1", "b");
        assertThat(listing.position(new Params(java.util.Map.of("cursor", new String[] {page.next()})), 2))
                .contains(List.of("1", "b"));
    }

    @Test
    void theLastPageHasNoCursorAndAFirstPageNoPosition() {
        Cursors.Listing listing = cursors.listing(TENANT, LISTING, FILTERS);
        Cursors.Page<String> page = listing.page(List.of("a", "b"), 2, last -> List.of("1", last));
        assertThat(page.rows()).containsExactly("a", "b");
        assertThat(page.next()).isNull();
        assertThat(listing.position(new Params(java.util.Map.of()), 2)).isEmpty();
    }
}
