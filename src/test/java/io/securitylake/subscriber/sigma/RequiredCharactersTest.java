package io.securitylake.subscriber.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The characters every match of an expression needs are read from its top level only, counted once per literal that
 * is not optional, never for letters, and not at all where the reading does not follow the expression; a value
 * short of them is ruled out, one that has them is searched. RegexPiecesTest proves, over SigmaHQ's expressions and
 * texts they match, that no match is ever ruled out.
 */
class RequiredCharactersTest {

    static Stream<Arguments> expressions() {
        return Stream.of(
                Arguments.of("\\+.*\\+.*\\+.*\\+", 0, "{+=4}"),
                Arguments.of("\\w+`(?:\\w+|-|.)`[\\w+|\\s]", 0, "{`=2}"),
                Arguments.of("\"(?:\\{\\d\\})+\"\\s*-f", 0, "{\"=2, -=1}"),
                Arguments.of("(?i)\\$\\{`?e`?n`?v`?:`?p`?a`?t`?h`?\\}", 0, "{$=1, :=1, {=1, }=1}"),
                // letters never count (case flags), optional parts and quantifiers allowing none do not either
                Arguments.of("cmd\\.exe /c", Pattern.CASE_INSENSITIVE, "{ =1, .=1, /=1}"),
                Arguments.of("a-?b;*c:{0,2}d={2}e@+", 0, "{==1, @=1}"),
                Arguments.of("x\\+\\+?y\\+*", 0, "{+=1}"),
                // groups, classes and back-references need nothing here; the characters after them still count
                Arguments.of("([+-])\\1+,(?<n>;;)[)(]\\)", 0, "{)=1, ,=1}"),
                // what the reading does not follow: nothing
                Arguments.of("a,|b,", 0, "{}"),
                Arguments.of("\\Q,,\\E", 0, "{}"),
                Arguments.of("\\x2c,", 0, "{}"),
                Arguments.of("(?x) , ,", 0, "{}"),
                Arguments.of(", ,", Pattern.COMMENTS, "{}"));
    }

    @ParameterizedTest(name = "{0} needs {2}")
    @MethodSource("expressions")
    void everyMatchNeedsTheTopLevelLiteralCharacters(String regex, int flags, String expected) {
        Pattern.compile(regex, flags); // a valid expression
        assertThat(RequiredCharacters.of(regex, flags)).hasToString(expected);
    }

    @Test
    void aValueShortOfTheCharactersIsRuledOutAndOneWithThemIsNot() {
        String regex = "\\+.*\\+.*\\+";
        RequiredCharacters required = RequiredCharacters.of(regex, 0);
        assertThat(required.admits("a+b+c")).isFalse();
        assertThat(required.admits("+++")).isTrue();
        assertThat(Pattern.compile(regex).matcher("+++").find()).isTrue();
        assertThat(required.admits("")).isFalse();
        assertThat(RequiredCharacters.of("a,|b,", 0).admits("")).isTrue();
    }

    /** No character outside ASCII changes case into an ASCII character that is not a letter: counting them is safe. */
    @Test
    void noOtherCharacterFoldsToACountedOne() {
        for (char c = 128; c < Character.MAX_VALUE; c++) {
            for (char f : new char[] {Character.toUpperCase(c), Character.toLowerCase(c),
                    Character.toLowerCase(Character.toUpperCase(c))}) {
                assertThat(f < 128 && !Character.isLetter(f)).as("U+%04X", (int) c).isFalse();
            }
        }
    }
}
