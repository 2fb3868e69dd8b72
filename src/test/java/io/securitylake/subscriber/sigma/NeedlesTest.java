package io.securitylake.subscriber.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A field entry's strings tested at once (long {@code contains} lists in one pass) answer as testing each string on
 * its own does: random lists mixing {@code contains}, {@code startswith}, {@code endswith}, equality, wildcards and
 * {@code cased}, on random values with letters in both cases and characters that lower-case to other lengths.
 */
class NeedlesTest {

    private static final String ALPHABET = "aAbB-/ \\eE\u0130\u00DF";

    private static String text(Random random, int max) {
        StringBuilder out = new StringBuilder();
        int n = 1 + random.nextInt(max);
        for (int i = 0; i < n; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static boolean eachOnItsOwn(List<SigmaString> strings, String value) {
        SigmaString.Haystack haystack = new SigmaString.Haystack(value);
        return strings.stream().anyMatch(s -> s.needle().test(haystack));
    }

    @Test
    void stringsTestedAtOnceAnswerAsEachOnItsOwn() {
        Random random = new Random(11);
        List<String> kinds = List.of("contains", "contains", "contains", "startswith", "endswith", "equals");
        int onePass = 0;
        int matched = 0;
        for (int list = 0; list < 400; list++) {
            List<SigmaString> strings = new ArrayList<>();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                String raw = text(random, 3) + (random.nextInt(8) == 0 ? "*" : "");
                strings.add(SigmaString.of(raw, false, random.nextInt(6) == 0).wrapped(kinds.get(random.nextInt(kinds.size()))));
            }
            onePass += strings.stream().filter(s -> s.containedText() != null).count() >= Needles.ONE_PASS ? 1 : 0;
            Needles needles = Needles.of(strings);
            for (int v = 0; v < 50; v++) {
                String value = text(random, 12);
                boolean expected = eachOnItsOwn(strings, value);
                matched += expected ? 1 : 0;
                assertThat(needles.test(value)).as("%s on '%s'", strings, value).isEqualTo(expected);
            }
        }
        // not vacuous: many lists take the one pass, and values both match and do not
        assertThat(onePass).isGreaterThan(100);
        assertThat(matched).isBetween(2_000, 18_000);
    }

    @Test
    void aLongContainsListIsFoundIgnoringCaseAndTheOtherStringsStillCount() {
        List<SigmaString> strings = new ArrayList<>();
        for (String t : List.of(" -NoPr ", " -nonin ", " -ec ", " -enc ", " -w h")) {
            strings.add(SigmaString.of(t, false, false).wrapped("contains"));
        }
        strings.add(SigmaString.of("\\cmd.exe", false, false).wrapped("endswith"));
        strings.add(SigmaString.of("Cased", false, true).wrapped("contains"));
        Needles needles = Needles.of(strings);
        assertThat(needles.test("powershell.exe -NONIN -x")).isTrue();
        assertThat(needles.test("powershell.exe -noni -x")).isFalse();
        assertThat(needles.test("C:\\Windows\\CMD.EXE")).isTrue();
        assertThat(needles.test("a Cased b")).isTrue();
        assertThat(needles.test("a cased b")).isFalse();
    }
}
