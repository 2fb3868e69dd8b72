package io.securitylake.subscriber.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sigma's {@code condition}: selection names, {@code and}, {@code or}, {@code not}, parentheses, and
 * {@code 1 of sel*}, {@code all of sel*}, {@code 1 of them}, {@code all of them}; {@code not} binds tighter than
 * {@code and}, which binds tighter than {@code or}. The old aggregation syntax ({@code | count() > n}) and names
 * that match no selection are refused.
 */
final class ConditionParser {

    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[A-Za-z0-9_*\\-.]+)");

    private final List<String> tokens;
    private final Map<String, Predicate<Map<String, Object>>> selections;
    private final int line;
    private int at;

    private ConditionParser(List<String> tokens, Map<String, Predicate<Map<String, Object>>> selections, int line) {
        this.tokens = tokens;
        this.selections = selections;
        this.line = line;
    }

    static Predicate<Map<String, Object>> parse(String condition, Map<String, Predicate<Map<String, Object>>> selections,
                                                int line) {
        if (condition.contains("|")) {
            throw refused(line, "aggregations in the condition ('| count()') are not supported; use a correlation rule");
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(condition);
        int end = 0;
        while (m.find() && m.start() == end) {
            tokens.add(m.group(1));
            end = m.end();
        }
        if (!condition.substring(end).isBlank()) {
            throw refused(line, "cannot read the condition at '" + condition.substring(end).trim() + "'");
        }
        if (tokens.isEmpty()) {
            throw refused(line, "the condition is empty");
        }
        ConditionParser parser = new ConditionParser(tokens, selections, line);
        Predicate<Map<String, Object>> result = parser.or();
        if (parser.at != tokens.size()) {
            throw refused(line, "unexpected '" + tokens.get(parser.at) + "' in the condition");
        }
        return result;
    }

    private Predicate<Map<String, Object>> or() {
        Predicate<Map<String, Object>> left = and();
        while (peek("or")) {
            at++;
            left = left.or(and());
        }
        return left;
    }

    private Predicate<Map<String, Object>> and() {
        Predicate<Map<String, Object>> left = not();
        while (peek("and")) {
            at++;
            left = left.and(not());
        }
        return left;
    }

    private Predicate<Map<String, Object>> not() {
        if (peek("not")) {
            at++;
            return not().negate();
        }
        return primary();
    }

    private Predicate<Map<String, Object>> primary() {
        String token = next();
        if (token.equals("(")) {
            Predicate<Map<String, Object>> inner = or();
            if (!peek(")")) {
                throw refused(line, "a '(' in the condition is not closed");
            }
            at++;
            return inner;
        }
        if ((token.equals("1") || token.equalsIgnoreCase("all")) && peek("of")) {
            at++;
            String target = next();
            List<Predicate<Map<String, Object>>> matched = new ArrayList<>();
            Pattern glob = target.equals("them") ? null : Pattern.compile(target.replace("*", ".*"));
            selections.forEach((name, selection) -> {
                if (glob == null ? !name.startsWith("_") : glob.matcher(name).matches()) {
                    matched.add(selection);
                }
            });
            if (matched.isEmpty()) {
                throw refused(line, "'" + target + "' names no selection");
            }
            boolean all = !token.equals("1");
            return event -> {
                for (Predicate<Map<String, Object>> s : matched) {
                    if (s.test(event) != all) {
                        return !all;
                    }
                }
                return all;
            };
        }
        if (Set.of("and", "or", "of", ")").contains(token)) {
            throw refused(line, "unexpected '" + token + "' in the condition");
        }
        if (token.matches("[0-9]+") && peek("of")) {
            throw refused(line, "only '1 of' and 'all of' are supported, not '" + token + " of'");
        }
        Predicate<Map<String, Object>> selection = selections.get(token);
        if (selection == null) {
            throw refused(line, "the condition names '" + token + "', which is not a selection of this rule");
        }
        return selection;
    }

    private boolean peek(String word) {
        return at < tokens.size() && tokens.get(at).equalsIgnoreCase(word);
    }

    private String next() {
        if (at >= tokens.size()) {
            throw refused(line, "the condition ends too early");
        }
        return tokens.get(at++);
    }

    private static RuleRefused refused(int line, String reason) {
        return new RuleRefused(line, "detection.condition", reason);
    }

}
