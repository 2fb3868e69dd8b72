package io.securitylake.subscriber.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The strings of one field entry ({@link SigmaString}), any of which a value must match, tested on a value at once:
 * when {@value #ONE_PASS} or more of them look for a text anywhere ignoring case ({@code contains}, e.g. the
 * PowerShell rules' lists of forty option spellings), those are found in one pass over the value lower-cased
 * ({@link Substrings}) instead of one search each; the others are tested one by one. The value is lower-cased once
 * for all of them ({@link SigmaString.LowerCase}).
 */
final class Needles {

    /** From this many {@code contains} texts on, one pass over the value beats a search per text. */
    static final int ONE_PASS = 4;

    private final Substrings contained;
    private final SigmaString.Needle[] others;

    private Needles(Substrings contained, SigmaString.Needle[] others) {
        this.contained = contained;
        this.others = others;
    }

    static Needles of(List<SigmaString> strings) {
        List<String> texts = new ArrayList<>();
        for (SigmaString s : strings) {
            String text = s.containedText();
            if (text != null) {
                texts.add(text.toLowerCase(Locale.ROOT));
            }
        }
        boolean onePass = texts.size() >= ONE_PASS;
        List<SigmaString.Needle> others = new ArrayList<>();
        for (SigmaString s : strings) {
            if (!onePass || s.containedText() == null) {
                others.add(s.needle());
            }
        }
        return new Needles(onePass ? Substrings.of(texts) : null, others.toArray(SigmaString.Needle[]::new));
    }

    boolean isEmpty() {
        return contained == null && others.length == 0;
    }

    /** Whether {@code value} (not null) matches any of the strings. */
    boolean test(Object value) {
        SigmaString.Haystack haystack = new SigmaString.Haystack(value.toString());
        if (contained != null && contained.occursIn(haystack.lower())) {
            return true;
        }
        for (SigmaString.Needle needle : others) {
            if (needle.test(haystack)) {
                return true;
            }
        }
        return false;
    }
}
