package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.sigma.Logsource;
import io.securitylake.subscriber.sigma.OcsfPaths;
import io.securitylake.subscriber.sigma.ReadOnce;
import io.securitylake.subscriber.sigma.SigmaRule;
import io.securitylake.subscriber.sigma.SigmaString;
import io.securitylake.subscriber.sigma.Substrings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The rules in force arranged so that an event meets only the rules that can match it, and the same ones as a scan of
 * every rule would (in the same order). Two levels:
 * <ul>
 * <li>by class: an event meets only the logsources that select its {@code class_uid} (then each logsource's
 *     activity, OS and vendor are tested once for all of its rules);</li>
 * <li>by literal value ({@link RequiredValues}): within a logsource, a rule whose condition requires literal values
 *     of fields (a whole value, the last path segment of an {@code endswith}, a text within the value) is looked up
 *     by the event's values of those fields (hash look-ups, and one pass over a value for all the texts,
 *     {@link Substrings}) instead of being evaluated; only the rules that have a key of each of their sets, and
 *     those that cannot be indexed, are evaluated whole.</li>
 * </ul>
 * Keys are case-folded per character as Java's case-insensitive comparison folds ({@link #fold}): a value the rule's
 * matcher finds equal ignoring case has the same key; {@code contains} texts are lower-cased whole, as its matcher
 * compares them. A {@code cased} value is looked up folded too (exactly equal implies equal ignoring case), so the
 * look-up only ever admits more rules than match, never fewer.
 */
final class RuleIndex {

    /** How many of the sets of keys a rule requires it is looked up by (the likeliest to rule an event out). */
    static final int SETS = 3;

    private final Map<Integer, List<Group>> byClass;
    private final int rules;
    private final int indexed;

    private RuleIndex(Map<Integer, List<Group>> byClass, int rules, int indexed) {
        this.byClass = byClass;
        this.rules = rules;
        this.indexed = indexed;
    }

    /**
     * The index of {@code byLogsource} (in its order), the literal values of a rule read from its file's text
     * ({@code texts}: null where the rule is not the only rule of its file, e.g. a correlation's base rule: scanned).
     */
    static RuleIndex of(Map<Logsource, List<SigmaRule>> byLogsource, Function<SigmaRule, String> texts) {
        Map<Integer, List<Group>> byClass = new HashMap<>();
        int rules = 0;
        int indexed = 0;
        for (Map.Entry<Logsource, List<SigmaRule>> e : byLogsource.entrySet()) {
            Group group = Group.of(e.getKey(), e.getValue(), texts);
            rules += e.getValue().size();
            indexed += e.getValue().size() - group.scanned.cardinality();
            for (Integer classUid : e.getKey().classUids()) {
                byClass.computeIfAbsent(classUid, c -> new ArrayList<>()).add(group);
            }
        }
        return new RuleIndex(byClass, rules, indexed);
    }

    /** How many rules are looked up by a literal value rather than evaluated on every event of their logsource. */
    int indexedRules() {
        return indexed;
    }

    int rules() {
        return rules;
    }

    /**
     * Offers each rule that matches the event to {@code done} until it answers true; returns whether it did. The
     * look-up and the candidates read the event's fields once for all of them ({@link ReadOnce}).
     */
    boolean matchUntil(Map<String, Object> event, Predicate<SigmaRule> done) {
        if (!(event.get("class_uid") instanceof Integer classUid)) {
            return false;
        }
        List<Group> groups = byClass.get(classUid);
        if (groups == null) {
            return false;
        }
        event = ReadOnce.of(event);
        for (Group group : groups) {
            if (group.logsource.selects(event) && group.matchUntil(event, done)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many rules of the event's logsources would be evaluated whole (the rest are ruled out by the look-up), for
     * tests and the benchmark.
     */
    int candidates(Map<String, Object> event) {
        int n = 0;
        if (event.get("class_uid") instanceof Integer classUid) {
            for (Group group : byClass.getOrDefault(classUid, List.of())) {
                if (group.logsource.selects(event)) {
                    n += group.candidates(event).cardinality();
                }
            }
        }
        return n;
    }

    /** The rules of the event's logsources that the look-ups leave to be evaluated whole. */
    List<SigmaRule> candidateRules(Map<String, Object> event) {
        List<SigmaRule> out = new ArrayList<>();
        if (event.get("class_uid") instanceof Integer classUid) {
            for (Group group : byClass.getOrDefault(classUid, List.of())) {
                if (group.logsource.selects(event)) {
                    group.candidates(event).stream().forEach(i -> out.add(group.rules[i]));
                }
            }
        }
        return out;
    }

    /**
     * The rules of one logsource: those looked up by up to {@link #SETS} of the sets of keys they require (a rule is evaluated
     * when the event has a key of each), and those evaluated on every event.
     */
    private static final class Group {

        final Logsource logsource;
        final SigmaRule[] rules;
        /** Positions of the rules that no look-up rules out. */
        final BitSet scanned;
        /** Per set of keys: positions of the rules that have fewer sets (that set holds for them). */
        final BitSet[] fewerSets;
        final List<Field> fields;

        private Group(Logsource logsource, SigmaRule[] rules, BitSet scanned, BitSet[] fewerSets, List<Field> fields) {
            this.logsource = logsource;
            this.rules = rules;
            this.scanned = scanned;
            this.fewerSets = fewerSets;
            this.fields = fields;
        }

        static Group of(Logsource logsource, List<SigmaRule> rules, Function<SigmaRule, String> texts) {
            BitSet scanned = new BitSet(rules.size());
            BitSet[] fewerSets = new BitSet[SETS];
            for (int set = 0; set < SETS; set++) {
                fewerSets[set] = new BitSet(rules.size());
            }
            Map<String, Field> fields = new LinkedHashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                String text = texts.apply(rules.get(i));
                List<Set<RequiredValues.Key>> required = text == null ? null : RequiredValues.of(text, SETS);
                if (required == null || required.stream().flatMap(Set::stream)
                        .anyMatch(k -> logsource.field(k.field()) == null)) {
                    scanned.set(i);
                    continue;
                }
                for (int set = required.size(); set < SETS; set++) {
                    fewerSets[set].set(i);
                }
                for (int set = 0; set < required.size(); set++) {
                    for (RequiredValues.Key key : required.get(set)) {
                        fields.computeIfAbsent(key.field(), name -> new Field(logsource.field(name))).add(key, i, set);
                    }
                }
            }
            fields.values().forEach(Field::freeze);
            return new Group(logsource, rules.toArray(SigmaRule[]::new), scanned, fewerSets, List.copyOf(fields.values()));
        }

        boolean matchUntil(Map<String, Object> event, Predicate<SigmaRule> done) {
            BitSet candidates = candidates(event);
            for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
                SigmaRule rule = rules[i];
                if (rule.detection().test(event) && done.test(rule)) {
                    return true;
                }
            }
            return false;
        }

        BitSet candidates(Map<String, Object> event) {
            if (fields.isEmpty()) {
                return scanned;
            }
            BitSet[] hits = new BitSet[SETS];
            for (int set = 0; set < SETS; set++) {
                hits[set] = (BitSet) fewerSets[set].clone();
            }
            for (Field field : fields) {
                for (Object value : field.reader.read(event)) {
                    field.lookUp(value.toString(), hits);
                }
            }
            for (int set = 1; set < SETS; set++) {
                hits[0].and(hits[set]);
            }
            hits[0].or(scanned);
            return hits[0];
        }
    }

    /**
     * One field's look-ups, to the rules whose sets of keys they find: its whole value, its last path
     * segment, and the texts within it (all in one pass over the value). What a key finds is a list of
     * {@code rule * SETS + set}, each set in {@code hits} by itself.
     */
    private static final class Field {

        final OcsfPaths.FieldReader reader;
        final Map<RequiredValues.Kind, Map<String, int[]>> keys = new EnumMap<>(RequiredValues.Kind.class);
        private Map<String, int[]> values = Map.of();
        private Map<String, int[]> segments = Map.of();
        private Substrings substrings;
        private int[][] containedRules;
        private Substrings foldedSubstrings;
        private int[][] containedFoldedRules;
        /**
         * The {@code contains} texts and the folded ones in one automaton: for a value of ASCII characters alone the
         * fold is the lower case, so one pass over the lower-cased value finds both kinds (texts of
         * {@link #containedRules} first, then those of {@link #containedFoldedRules}).
         */
        private Substrings bothSubstrings;
        private int[][] bothRules;

        Field(OcsfPaths.FieldReader reader) {
            this.reader = reader;
        }

        void add(RequiredValues.Key key, int rule, int set) {
            keys.computeIfAbsent(key.kind(), k -> new LinkedHashMap<>()).merge(key.value(), new int[] {rule * SETS + set},
                    (a, b) -> {
                        int[] out = Arrays.copyOf(a, a.length + 1);
                        out[a.length] = b[0];
                        return out;
                    });
        }

        void freeze() {
            values = keys.getOrDefault(RequiredValues.Kind.EQUALS, Map.of());
            segments = keys.getOrDefault(RequiredValues.Kind.SEGMENT, Map.of());
            Map<String, int[]> contained = keys.getOrDefault(RequiredValues.Kind.CONTAINS, Map.of());
            if (!contained.isEmpty()) {
                substrings = Substrings.of(List.copyOf(contained.keySet()));
                containedRules = contained.values().toArray(int[][]::new);
            }
            Map<String, int[]> containedFolded = keys.getOrDefault(RequiredValues.Kind.FOLDED, Map.of());
            if (!containedFolded.isEmpty()) {
                foldedSubstrings = Substrings.of(List.copyOf(containedFolded.keySet()));
                containedFoldedRules = containedFolded.values().toArray(int[][]::new);
            }
            if (substrings != null && foldedSubstrings != null) {
                List<String> texts = new ArrayList<>(contained.keySet());
                texts.addAll(containedFolded.keySet());
                bothSubstrings = Substrings.of(texts);
                bothRules = Stream.concat(Arrays.stream(containedRules), Arrays.stream(containedFoldedRules))
                        .toArray(int[][]::new);
            }
        }

        /**
         * Adds to {@code hits} (each set) the rules of the keys {@code value} has. A value of ASCII characters alone
         * (the common case) is lower-cased once, shared with the rules' matchers ({@link SigmaString.LowerCase}), and
         * that is its fold too: its keys are looked up without a folded copy, its texts in one pass.
         */
        void lookUp(String value, BitSet[] hits) {
            boolean ascii = isAscii(value);
            String lower = ascii || substrings != null ? SigmaString.LowerCase.of(value) : null;
            if (!values.isEmpty() || !segments.isEmpty() || foldedSubstrings != null) {
                String key = ascii ? lower : fold(value);
                set(hits, values.get(key));
                if (!segments.isEmpty()) {
                    set(hits, segments.get(lastSegment(key)));
                }
                if (ascii && bothSubstrings != null) {
                    bothSubstrings.find(lower, t -> set(hits, bothRules[t]));
                    return;
                }
                if (foldedSubstrings != null) {
                    foldedSubstrings.find(key, t -> set(hits, containedFoldedRules[t]));
                }
            }
            if (substrings != null) {
                substrings.find(lower, t -> set(hits, containedRules[t]));
            }
        }

        private static boolean isAscii(String value) {
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) >= 128) {
                    return false;
                }
            }
            return true;
        }

        private static void set(BitSet[] hits, int[] rules) {
            if (rules != null) {
                for (int entry : rules) {
                    hits[entry % SETS].set(entry / SETS);
                }
            }
        }
    }

    /**
     * Each character as {@link String#equalsIgnoreCase} and {@link String#regionMatches(boolean, int, String, int, int)}
     * compare it (upper case, then lower case): two texts equal ignoring case have the same fold, and the fold keeps
     * the length and every {@code \} and {@code /} where they are.
     */
    static String fold(String text) {
        char[] out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char f = Character.toLowerCase(Character.toUpperCase(c));
            if (f != c) {
                if (out == null) {
                    out = text.toCharArray();
                }
                out[i] = f;
            }
        }
        return out == null ? text : new String(out);
    }

    /** What follows the last {@code \} or {@code /} (the whole text without one). */
    static String lastSegment(String text) {
        int at = Math.max(text.lastIndexOf('\\'), text.lastIndexOf('/'));
        return at < 0 ? text : text.substring(at + 1);
    }
}
