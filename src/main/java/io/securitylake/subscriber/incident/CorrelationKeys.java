package io.securitylake.subscriber.incident;

import io.securitylake.subscriber.detect.Entities.Entity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The entities by which detections are joined into one incident: a user, a host, an IP address, or a resource of
 * an account ({@code resource} keyed as {@code <account>/<resource>}). An account alone joins nothing: every event
 * of an account names it, so it would make the whole account one incident.
 */
final class CorrelationKeys {

    private CorrelationKeys() {
    }

    static List<Entity> of(List<Entity> entities) {
        String account = entities.stream().filter(e -> e.type().equals("account")).map(Entity::value).findFirst()
                .orElse(null);
        Set<Entity> keys = new LinkedHashSet<>();
        for (Entity e : entities) {
            switch (e.type()) {
                case "user", "host", "ip" -> keys.add(e);
                case "resource" -> keys.add(new Entity("resource", account == null ? e.value() : account + "/" + e.value()));
                default -> {
                }
            }
        }
        return new ArrayList<>(keys);
    }
}
