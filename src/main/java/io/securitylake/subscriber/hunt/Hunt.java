package io.securitylake.subscriber.hunt;

import java.util.List;

/**
 * A saved hunt: one file of {@code hunts/}. {@code query} is PostgreSQL over the tenant's hunt views with named
 * parameters ({@code :name}, always bound); {@code lake}, when present, is the same hunt in Athena's dialect over one
 * Security Lake source, whose table is written {@code {table}} (the engine puts the tenant's partitions there).
 */
public record Hunt(String id, String title, String description, List<String> attack, List<HuntParam> params,
                   String query, LakeQuery lake, String file) {

    /** The hunt on the lake: the Security Lake source ({@code CLOUD_TRAIL_MGMT}, ...) and the Athena SQL. */
    public record LakeQuery(String source, String query) {
    }

    /** The engines that can run this hunt. */
    public List<String> engines() {
        return lake == null ? List.of(StoreEngine.NAME) : List.of(StoreEngine.NAME, "lake");
    }
}
