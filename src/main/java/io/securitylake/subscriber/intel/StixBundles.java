package io.securitylake.subscriber.intel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A STIX 2.1 bundle → its indicators. The bundle is streamed object by object (a feed of a million indicators is
 * never one tree in heap); objects other than {@code indicator} are passed over. An indicator that cannot be matched
 * (see {@link StixPattern}), lacks an id or pattern, or has a bad date is refused whole with its reason. Of several
 * versions of one indicator (same id), the one last {@code modified} is kept.
 */
final class StixBundles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StixBundles() {
    }

    /** The bundle's indicators; an {@link IOException} when the input is not a JSON bundle at all (the feed fails). */
    static FeedLoad read(InputStream in, String feed, int defaultConfidence, int maxPatternLength) throws IOException {
        FeedLoad load = new FeedLoad();
        if (!readObjects(in, feed, defaultConfidence, maxPatternLength, load).objects()) {
            throw new IOException("not a STIX bundle: no \"objects\" list");
        }
        return load;
    }

    /**
     * What a JSON object with an {@code objects} list says beside its indicators: whether it had the list, and
     * TAXII 2.1's paging ({@code more}, {@code next}) when it is a TAXII envelope.
     */
    record Envelope(boolean objects, boolean more, String next) {
    }

    /**
     * The indicators of a bundle or a TAXII envelope (a page of a collection's objects), added to {@code load}; an
     * {@link IOException} when the input is not a JSON object.
     */
    static Envelope readObjects(InputStream in, String feed, int defaultConfidence, int maxPatternLength, FeedLoad load)
            throws IOException {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        boolean objects = false;
        boolean more = false;
        String next = null;
        try (JsonParser p = new JsonFactory(JSON).createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a STIX bundle: the feed is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("objects".equals(field) && p.currentToken() == JsonToken.START_ARRAY) {
                    objects = true;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        keepLatest(JSON.readTree(p), latest, load);
                    }
                } else if ("more".equals(field) && p.currentToken().isBoolean()) {
                    more = p.getBooleanValue();
                } else if ("next".equals(field) && p.currentToken() == JsonToken.VALUE_STRING) {
                    next = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        }
        for (JsonNode indicator : latest.values()) {
            read(indicator, feed, defaultConfidence, maxPatternLength, load);
        }
        return new Envelope(objects, more, next);
    }

    private static void keepLatest(JsonNode object, Map<String, JsonNode> latest, FeedLoad load) {
        if (!"indicator".equals(object.path("type").asText())) {
            return;
        }
        String id = object.path("id").asText("");
        if (id.isEmpty()) {
            load.refuse("an object", "indicator without an id");
            return;
        }
        JsonNode before = latest.get(id);
        if (before == null || !modified(object).isBefore(modified(before))) {
            latest.put(id, object);
        }
    }

    private static Instant modified(JsonNode indicator) {
        try {
            return Instant.parse(indicator.path("modified").asText(indicator.path("created").asText("")));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static void read(JsonNode o, String feed, int defaultConfidence, int maxPatternLength, FeedLoad load) {
        String id = o.path("id").asText();
        String pattern = o.path("pattern").asText("");
        String patternType = o.path("pattern_type").asText("stix");
        if (!"stix".equals(patternType)) {
            load.refuse(id, "unsupported pattern_type: " + IndicatorType.cut(patternType));
            return;
        }
        if (pattern.isEmpty()) {
            load.refuse(id, "indicator without a pattern");
            return;
        }
        if (pattern.length() > maxPatternLength) {
            load.refuse(id, "pattern longer than " + maxPatternLength + " characters");
            return;
        }
        List<StixPattern.Comparison> comparisons;
        Instant validFrom;
        Instant validUntil;
        try {
            comparisons = StixPattern.parse(pattern);
            validFrom = time(o, "valid_from");
            validUntil = time(o, "valid_until");
        } catch (StixPattern.Refused e) {
            load.refuse(id, e.getMessage());
            return;
        }
        int confidence = o.path("confidence").isInt() ? o.path("confidence").asInt() : defaultConfidence;
        List<String> labels = new ArrayList<>();
        o.path("labels").forEach(l -> labels.add(l.asText()));
        List<String> phases = new ArrayList<>();
        o.path("kill_chain_phases").forEach(k -> phases.add(k.path("kill_chain_name").asText() + ":"
                + k.path("phase_name").asText()));
        String name = o.path("name").isTextual() ? o.path("name").asText() : null;
        boolean revoked = o.path("revoked").asBoolean(false);
        Instant modified = modified(o);
        for (StixPattern.Comparison c : comparisons) {
            load.add(new Indicator(feed, c.type(), c.value(), id, name, validFrom, validUntil, revoked,
                    Math.max(0, Math.min(100, confidence)), labels, phases, modified));
        }
    }

    private static Instant time(JsonNode o, String field) throws StixPattern.Refused {
        JsonNode value = o.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new StixPattern.Refused("not a timestamp in " + field + ": " + IndicatorType.cut(value.asText()));
        }
    }
}
