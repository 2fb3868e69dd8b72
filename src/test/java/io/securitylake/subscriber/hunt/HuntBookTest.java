package io.securitylake.subscriber.hunt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading saved hunts: the shipped ones are all valid; a hunt that could bind a value wrongly is refused at start. */
class HuntBookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Hunt hunt(String yaml) {
        return HuntBook.parse("test.yaml", yaml);
    }

    @Test
    void theShippedHuntsAreAtLeastTwelveAndAllValid() {
        List<Hunt> hunts = new HuntBook(HuntSettings.of("dir", Path.of("hunts").toString())).all();
        assertThat(hunts).hasSizeGreaterThanOrEqualTo(12);
        assertThat(hunts).allSatisfy(h -> assertThat(h.engines()).contains("store"));
    }

    @Test
    void namedParametersBecomePositionalOutsideQuotesCommentsAndCasts() {
        NamedSql sql = NamedSql.parse("SELECT ':no', \"a:b\", x::int -- :nor\nFROM t WHERE a = :one AND b = CAST(:two AS inet) AND c = :one");
        assertThat(sql.sql()).isEqualTo("SELECT ':no', \"a:b\", x::int -- :nor\nFROM t WHERE a = ? AND b = CAST(? AS inet) AND c = ?");
        assertThat(sql.names()).containsExactly("one", "two", "one");
    }

    @Test
    void aHuntThatCouldBindWronglyIsRefused() {
        String base = "id: h\ntitle: t\ndescription: d\n";
        assertThatThrownBy(() -> hunt(base + "query: SELECT 1 FROM events WHERE event_time >= :from"))
                .hasMessageContaining(":from and :to");
        assertThatThrownBy(() -> hunt(base + "query: SELECT :who WHERE :from < :to"))
                .hasMessageContaining(":who");
        assertThatThrownBy(() -> hunt(base + "query: SELECT event ? 'a' FROM events WHERE :from < :to"))
                .hasMessageContaining("'?'");
        assertThatThrownBy(() -> hunt(base + "params: [{name: n, type: int, default: many}]\nquery: SELECT :n WHERE :from < :to"))
                .hasMessageContaining("integer");
        assertThatThrownBy(() -> hunt(base + "params: [{name: n, type: float}]\nquery: SELECT :n WHERE :from < :to"))
                .hasMessageContaining("types");
        assertThatThrownBy(() -> hunt(base + "lake: {source: VPC_FLOW, query: 'SELECT 1 FROM x WHERE :from < :to'}\n"
                + "query: SELECT 1 WHERE :from < :to")).hasMessageContaining("{table}");
    }

    @Test
    void parameterValuesAreCheckedAgainstTheirType() throws Exception {
        HuntParam ip = new HuntParam("ip", "ip", null, null);
        assertThat(ip.value(JSON.readTree("\"2001:db8::1\""))).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(ip.value(JSON.readTree("\"192.0.2.1\""))).isEqualTo("192.0.2.1");
        assertThatThrownBy(() -> ip.value(JSON.readTree("\"example.com\""))).isInstanceOf(HuntRefused.class);
        assertThatThrownBy(() -> ip.value(JSON.readTree("\"1.2.3.4'; DROP\""))).isInstanceOf(HuntRefused.class);
        HuntParam n = new HuntParam("n", "int", 5, null);
        assertThat(n.value(null)).isEqualTo(5L);
        assertThat(n.value(JSON.readTree("7"))).isEqualTo(7L);
        assertThatThrownBy(() -> n.value(JSON.readTree("7.5"))).isInstanceOf(HuntRefused.class);
        assertThatThrownBy(() -> n.value(JSON.readTree("\"7 OR 1=1\""))).isInstanceOf(HuntRefused.class);
        HuntParam s = new HuntParam("s", "string", null, null);
        assertThat(s.value(null)).isNull();
        assertThatThrownBy(() -> s.value(JSON.readTree("\"" + "x".repeat(513) + "\""))).isInstanceOf(HuntRefused.class);
    }
}
