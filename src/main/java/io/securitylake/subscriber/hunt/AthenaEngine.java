package io.securitylake.subscriber.hunt;

import io.securitylake.subscriber.AwsSettings;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Saved hunts on the lake itself: Amazon Athena over Security Lake's Glue tables. The table of the hunt's source is
 * found with Glue (the newest version of {@code amazon_security_lake_table_<region>_<source>_<version>}); the query
 * is built by {@link AthenaSql} (the tenant's accounts and the event days are predicates of every query, every value
 * an execution parameter); it runs in the tenant's workgroup ({@code <prefix><tenant>}, made when missing, with the
 * output location enforced and the bytes-scanned cutoff); pages are Athena's own ({@code NextToken}), so a next page
 * reads the same result instead of running the query again.
 */
@Component
public class AthenaEngine implements HuntEngine, DisposableBean {

    public static final String NAME = "lake";

    private final HuntSettings hunts;

    private final AwsSettings aws;

    private final TenantSettings tenantSettings;
    private final HuntSettings.Athena settings;
    private final TenantDirectory directory;
    private final String region;
    private final String database;
    private AthenaClient athena;
    private GlueClient glue;

    AthenaEngine(HuntSettings hunts, AwsSettings aws, TenantSettings tenantSettings, TenantDirectory directory) {
        this.hunts = hunts;
        this.aws = aws;
        this.tenantSettings = tenantSettings;
        this.settings = hunts.athena();
        this.directory = directory;
        this.region = settings.region() != null ? settings.region() : aws.region();
        this.database = settings.database() != null ? settings.database()
                : "amazon_security_lake_glue_db_" + region.replace('-', '_');
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HuntResult run(String tenant, Hunt hunt, Run run) {
        if (settings.outputLocation() == null || settings.outputLocation().isBlank()) {
            throw new HuntRefused("the lake engine is not configured here (lake.hunts.athena.output-location)");
        }
        String id;
        String token = null;
        if (run.position() == null) {
            List<String> accounts = new ArrayList<>(new TreeSet<>(accounts(tenant)));
            AthenaSql sql = AthenaSql.of(hunt, database, table(hunt.lake().source()), accounts, run);
            id = start(tenant, sql);
        } else {
            int bar = run.position().indexOf('|');
            id = bar < 0 ? run.position() : run.position().substring(0, bar);
            token = bar < 0 ? null : run.position().substring(bar + 1);
        }
        return page(id, token, run.limit());
    }

    private List<String> accounts(String tenant) {
        TenantSettings.Tenant configured = tenantSettings.tenants().get(tenant);
        List<String> accounts = new ArrayList<>();
        if (configured != null && configured.accounts() != null) {
            configured.accounts().forEach(a -> accounts.add(a.trim()));
        }
        accounts.addAll(directory.claimedBy(tenant));
        return accounts;
    }

    /** The newest version of the source's table in the Security Lake database. */
    String table(String source) {
        Pattern name = Pattern.compile("amazon_security_lake_table_" + Pattern.quote(region.replace('-', '_')) + "_"
                + Pattern.quote(source.toLowerCase(Locale.ROOT)) + "_(\\d+)_(\\d+)");
        List<String> found = new ArrayList<>();
        for (var page : glue().getTablesPaginator(b -> b.databaseName(database))) {
            for (Table t : page.tableList()) {
                if (name.matcher(t.name()).matches()) {
                    found.add(t.name());
                }
            }
        }
        return found.stream().max(Comparator.comparingInt((String n) -> version(name, n, 1))
                        .thenComparingInt(n -> version(name, n, 2)))
                .orElseThrow(() -> new HuntRefused("the lake has no table of source " + source + " in " + database));
    }

    private static int version(Pattern name, String table, int group) {
        Matcher m = name.matcher(table);
        return m.matches() ? Integer.parseInt(m.group(group)) : -1;
    }

    private String start(String tenant, AthenaSql sql) {
        String workgroup = settings.workgroupPrefix() + tenant;
        ensureWorkgroup(workgroup);
        String id = athena().startQueryExecution(b -> b.queryString(sql.sql()).workGroup(workgroup)
                .queryExecutionContext(c -> c.database(database).catalog("AwsDataCatalog"))
                .executionParameters(sql.parameters())).queryExecutionId();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (true) {
            var status = athena().getQueryExecution(b -> b.queryExecutionId(id)).queryExecution().status();
            if (status.state() == QueryExecutionState.SUCCEEDED) {
                return id;
            }
            if (status.state() == QueryExecutionState.FAILED || status.state() == QueryExecutionState.CANCELLED) {
                throw new HuntRefused("Athena " + status.stateAsString().toLowerCase(Locale.ROOT) + " the query: "
                        + status.stateChangeReason());
            }
            if (System.nanoTime() > deadline) {
                athena().stopQueryExecution(b -> b.queryExecutionId(id));
                throw new HuntRefused("the query ran longer than " + settings.timeout() + " and was stopped");
            }
            try {
                Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Athena", e);
            }
        }
    }

    private void ensureWorkgroup(String workgroup) {
        try {
            athena().getWorkGroup(b -> b.workGroup(workgroup));
        } catch (InvalidRequestException missing) {
            athena().createWorkGroup(b -> b.name(workgroup).description("Security Lake hunts of one tenant")
                    .configuration(c -> c.enforceWorkGroupConfiguration(true)
                            .bytesScannedCutoffPerQuery(settings.bytesScannedLimit())
                            .resultConfiguration(r -> r.outputLocation(settings.outputLocation()))));
        }
    }

    private HuntResult page(String id, String token, int limit) {
        // the first page of a SELECT's result starts with a row of the column names
        GetQueryResultsResponse r = athena().getQueryResults(b -> b.queryExecutionId(id).nextToken(token)
                .maxResults(Math.min(1000, token == null ? limit + 1 : limit)));
        List<ColumnInfo> info = r.resultSet().resultSetMetadata().columnInfo();
        List<HuntResult.Column> columns = info.stream().map(c -> new HuntResult.Column(c.name(), c.type())).toList();
        List<Row> rows = r.resultSet().rows();
        List<List<Object>> out = new ArrayList<>();
        for (int i = token == null ? 1 : 0; i < rows.size(); i++) {
            List<Datum> data = rows.get(i).data();
            List<Object> row = new ArrayList<>(data.size());
            for (int j = 0; j < data.size(); j++) {
                row.add(cell(data.get(j).varCharValue(), j < info.size() ? info.get(j).type() : "varchar"));
            }
            out.add(row);
        }
        return new HuntResult(columns, out, r.nextToken() == null ? null : id + "|" + r.nextToken());
    }

    private static Object cell(String text, String type) {
        if (text == null) {
            return null;
        }
        try {
            return switch (type) {
                case "tinyint", "smallint", "integer", "bigint" -> Long.parseLong(text);
                case "double", "float", "real" -> Double.parseDouble(text);
                case "boolean" -> Boolean.parseBoolean(text);
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private synchronized AthenaClient athena() {
        if (athena == null) {
            var b = AthenaClient.builder().region(Region.of(region));
            if (settings.endpoint() != null) {
                b.endpointOverride(settings.endpoint());
            }
            athena = b.build();
        }
        return athena;
    }

    private synchronized GlueClient glue() {
        if (glue == null) {
            var b = GlueClient.builder().region(Region.of(region));
            URI endpoint = settings.endpoint();
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            glue = b.build();
        }
        return glue;
    }

    @Override
    public synchronized void destroy() {
        if (athena != null) {
            athena.close();
        }
        if (glue != null) {
            glue.close();
        }
    }
}
