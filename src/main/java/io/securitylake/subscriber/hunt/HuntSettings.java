package io.securitylake.subscriber.hunt;

import io.securitylake.subscriber.SettingsFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Saved hunts and analysts' own SQL (docs/hunting.md).
 *
 * @param dir              folder of the saved hunts ({@code *.yaml}); absent: {@code ./hunts} if present, else the jar's
 * @param statementTimeout longest one hunt or SQL statement may run in the store before PostgreSQL cancels it
 * @param maxRows          deepest row a hunt or SQL result may be paged to (offset + page)
 * @param maxRange         widest time range ({@code to - from}) of one hunt run
 * @param maxSqlLength     longest SQL text accepted by {@code POST /api/v1/hunts/sql}, in characters
 * @param athena           the lake engine: saved hunts on Amazon Athena over Security Lake's Glue tables
 */
@ConfigurationProperties("lake.hunts")
public record HuntSettings(Path dir, @DefaultValue("30s") Duration statementTimeout, @DefaultValue("100000") int maxRows,
                           @DefaultValue("31d") Duration maxRange, @DefaultValue("20000") int maxSqlLength,
                           @DefaultValue Athena athena) {

    /** The defaults but for the settings given, each name (after {@code lake.hunts.}) then its value: for tests. */
    public static HuntSettings of(Object... nameValues) {
        return SettingsFactory.bind(HuntSettings.class, nameValues);
    }

    /**
     * Amazon Athena, for saved hunts run on the lake itself ({@code "engine": "lake"}).
     *
     * @param region            region of Security Lake's Glue database and of Athena; absent: {@code lake.aws.region}
     * @param database          Glue database; absent: {@code amazon_security_lake_glue_db_<region with _>}
     * @param workgroupPrefix   each tenant's queries run in workgroup {@code <prefix><tenant>}, made when missing
     * @param outputLocation    S3 URI of the query results (the workgroup's, enforced); required for the lake engine
     * @param bytesScannedLimit bytes one query may scan before Athena cancels it (the workgroup's cutoff)
     * @param pollInterval      how often a running query's state is asked
     * @param timeout           longest wait for a query; it is stopped after that
     * @param endpoint          Athena and Glue endpoint override (tests); absent: AWS's
     */
    public record Athena(String region, String database, @DefaultValue("lake-hunt-") String workgroupPrefix,
                         String outputLocation, @DefaultValue("10737418240") long bytesScannedLimit,
                         @DefaultValue("1s") Duration pollInterval, @DefaultValue("5m") Duration timeout,
                         URI endpoint) {
    }
}
