package io.securitylake.subscriber.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.stack.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the project's table against the extracted OCSF facts ({@code ../shared/ocsf/classes.json},
 * beside the {@code lake.fixtures} folder). Skipped where those facts are absent, as in a fresh clone.
 */
class OcsfCatalogFactsTest {

    private static final OcsfCatalog CATALOG = OcsfCatalog.load();
    private static JsonNode facts;

    @BeforeAll
    static void readFacts() throws IOException {
        facts = new ObjectMapper().readTree(Fixtures.ocsfClasses().toFile()).path("versions");
    }

    @Test
    void tableHoldsExactlyTheVersionsOfTheFacts() {
        assertThat(CATALOG.versions()).containsExactlyElementsOf(() -> facts.fieldNames());
    }

    @Test
    void everyCategoryAndSeverityOfEveryVersionMatchesTheFacts() {
        for (String version : CATALOG.versions()) {
            OcsfRelease release = CATALOG.release(version);
            JsonNode v = facts.path(version);
            assertThat(release.categories()).as(version + " categories").isEqualTo(idMap(v.path("categories")));
            assertThat(release.severities()).as(version + " severities").isEqualTo(idMap(v.path("severity_id")));
        }
    }

    @Test
    void everyClassAndActivityOfEveryVersionMatchesTheFacts() {
        for (String version : CATALOG.versions()) {
            Map<Integer, OcsfClass> expected = new TreeMap<>();
            for (JsonNode c : facts.path(version).path("classes")) {
                int uid = c.path("class_uid").asInt();
                assertThat(uid / 1000).as("category of " + uid).isEqualTo(c.path("category_uid").asInt());
                expected.put(uid, new OcsfClass(uid, c.path("name").asText(), c.path("caption").asText(),
                        idMap(c.path("activities"))));
            }
            assertThat(new TreeMap<>(CATALOG.release(version).classes())).as(version + " classes").isEqualTo(expected);
        }
    }

    @Test
    void exactVersionLookupsReturnTheFactsCaptions() {
        int checked = 0;
        for (String version : CATALOG.versions()) {
            for (JsonNode c : facts.path(version).path("classes")) {
                int uid = c.path("class_uid").asInt();
                assertThat(CATALOG.className(version, uid)).hasValue(c.path("caption").asText());
                assertThat(CATALOG.categoryName(version, uid / 1000)).hasValue(c.path("category").asText());
                for (Map.Entry<Integer, String> a : idMap(c.path("activities")).entrySet()) {
                    assertThat(CATALOG.activityName(version, uid, a.getKey())).as(version + " " + uid)
                            .hasValue(a.getValue());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    private static Map<Integer, String> idMap(JsonNode object) {
        Map<Integer, String> map = new LinkedHashMap<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String id = it.next();
            map.put(Integer.valueOf(id), object.path(id).asText());
        }
        return map;
    }
}
