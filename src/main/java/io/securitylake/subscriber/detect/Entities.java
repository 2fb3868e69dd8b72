package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.sigma.OcsfPaths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entities of an event that a detection names ({@code user}, {@code host}, {@code ip}, {@code account},
 * {@code resource}), read from the OCSF paths where Security Lake's sources put them (1.0 and 1.1 names).
 */
public final class Entities {

    private static final int MAX_RESOURCES = 5;

    /** One entity a detection names: its type ({@code user}, {@code host}, {@code ip}, {@code account}, {@code resource}) and value. */
    public record Entity(String type, String value) {
    }

    private Entities() {
    }

    static List<Entity> of(Map<String, Object> event) {
        Set<Entity> out = new LinkedHashSet<>();
        add(out, "user", first(event, "user", "actor.user.name", "actor.user.uid_alt", "actor.user.uuid", "actor.user.uid", "user.name"));
        add(out, "host", first(event, "host", "device.hostname", "device.name"));
        add(out, "ip", first(event, "ip", "src_endpoint.ip"));
        add(out, "ip", first(event, "ip", "device.ip"));
        add(out, "account", first(event, "account", "cloud.account.uid", "cloud.account_uid"));
        List<Object> resources = OcsfPaths.values(event, new String[] {"resources", "uid"});
        for (int i = 0; i < Math.min(MAX_RESOURCES, resources.size()); i++) {
            add(out, "resource", resources.get(i).toString());
        }
        return new ArrayList<>(out);
    }

    private static String first(Map<String, Object> event, String type, String... paths) {
        for (String path : paths) {
            List<Object> values = OcsfPaths.values(event, path.split("\\."));
            if (!values.isEmpty() && !values.get(0).toString().isBlank()) {
                return values.get(0).toString();
            }
        }
        return null;
    }

    private static void add(Set<Entity> out, String type, String value) {
        if (value != null) {
            out.add(new Entity(type, value));
        }
    }
}
