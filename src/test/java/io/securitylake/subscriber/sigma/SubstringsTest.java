package io.securitylake.subscriber.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass search finds each text as often as it occurs, the same as looking for each text on its own: texts
 * within texts, overlapping, sharing a start or an end, non-ASCII characters (followed through the trie, not the
 * precomputed table), and characters no text holds (back to the start).
 */
class SubstringsTest {

    private static List<Integer> found(Substrings substrings, String text) {
        List<Integer> out = new ArrayList<>();
        substrings.find(text, out::add);
        return out.stream().sorted().toList();
    }

    /** Each text's index once per place where it occurs, found one text at a time. */
    private static List<Integer> expected(List<String> texts, String text) {
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < texts.size(); t++) {
            for (int at = text.indexOf(texts.get(t)); at >= 0; at = text.indexOf(texts.get(t), at + 1)) {
                out.add(t);
            }
        }
        return out.stream().sorted().toList();
    }

    @Test
    void findsTextsWithinTextsOverlappingAndAsOftenAsTheyOccur() {
        List<String> texts = List.of("he", "she", "his", "hers", "\\temp\\", "emp", "aa", "é\\", "ü");
        Substrings substrings = Substrings.of(texts);

        assertThat(found(substrings, "ushers")).isEqualTo(expected(texts, "ushers")).containsExactly(0, 1, 3);
        assertThat(found(substrings, "aaaa")).containsExactly(6, 6, 6);
        assertThat(found(substrings, "c:\\temp\\x")).containsExactly(4, 5);
        assertThat(found(substrings, "shé\\e")).containsExactly(7);
        assertThat(found(substrings, "hü#her@s")).isEqualTo(expected(texts, "hü#her@s")).containsExactly(0, 8);
        assertThat(found(substrings, "")).isEmpty();
    }

    @Test
    void findsWhatLookingForEachTextAloneFindsOnRandomTexts() {
        Random random = new Random(24);
        String alphabet = "abc\\ -é€`x";
        for (int round = 0; round < 200; round++) {
            List<String> texts = new ArrayList<>();
            for (int t = 1 + random.nextInt(12); t > 0; t--) {
                texts.add(randomText(random, alphabet.substring(0, 6 + random.nextInt(4)), 1 + random.nextInt(5)));
            }
            Substrings substrings = Substrings.of(texts);
            for (int probe = 0; probe < 20; probe++) {
                String text = randomText(random, alphabet, random.nextInt(40));
                assertThat(found(substrings, text)).as("%s in %s", texts, text).isEqualTo(expected(texts, text));
            }
        }
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
