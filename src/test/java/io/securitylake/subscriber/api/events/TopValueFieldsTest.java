package io.securitylake.subscriber.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fields stats/top answers from the hourly value counts are the ones the tenant function event_top_values
 * (which the events' trigger counts with) names, each read from the same place of the event.
 */
class TopValueFieldsTest {

    @Test
    void statsTopsRolledUpFieldsAreTheFieldsAndPathsTheTriggerCounts() throws Exception {
        JdbcTemplate db = new JdbcTemplate(LakeTestStack.tenantStore("tenant_topfields"));
        Map<String, String> paths = StatsQueries.rolledUpPaths();
        ObjectNode event = new ObjectMapper().createObjectNode();
        for (Map.Entry<String, String> field : paths.entrySet()) { // a value of its own at each field's path
            String[] keys = field.getValue().replaceAll("[{}]", "").split(",");
            ObjectNode at = event;
            for (int i = 0; i < keys.length - 1; i++) {
                at = at.has(keys[i]) ? (ObjectNode) at.get(keys[i]) : at.putObject(keys[i]);
            }
            at.put(keys[keys.length - 1], "value of " + field.getKey());
        }
        Map<String, String> counted = new TreeMap<>();
        db.query("SELECT field, value FROM event_top_values(CAST(? AS jsonb))",
                rs -> { counted.put(rs.getString(1), rs.getString(2)); }, event.toString());

        Map<String, String> expected = new TreeMap<>();
        paths.keySet().forEach(f -> expected.put(f, "value of " + f));
        assertThat(counted).isEqualTo(expected);
        assertThat(db.queryForList("SELECT field FROM event_top_values('{}') WHERE value IS NULL", String.class))
                .as("an event without them: every field, no value").containsExactlyInAnyOrderElementsOf(paths.keySet());
    }
}
