package io.securitylake.subscriber.sigma;

import io.securitylake.subscriber.ocsf.AttributeGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields of a rule that no event of its logsource's classes can carry, by the OCSF schema ({@link AttributeGraph}):
 * a field none of whose OCSF places is an attribute of any of those classes. For an endpoint category the fallback
 * {@code unmapped["<name>"]} does not count (only a source that keeps the vendor's field there could fill it, which
 * the tenant's own data shows); for CloudTrail it does, since Security Lake writes CloudTrail's leftovers there.
 */
final class SilentFields {

    private SilentFields() {
    }

    /** The Sigma names, in the rule's order, of its fields no event of its classes can carry; empty when none. */
    static List<String> of(Logsource logsource, Map<String, List<String>> fields) {
        AttributeGraph graph = AttributeGraph.get();
        List<String> silent = new ArrayList<>();
        fields.forEach((name, paths) -> {
            if (paths.isEmpty()) {
                return;
            }
            boolean carried = false;
            for (String path : paths) {
                if (logsource.category() != null && path.equals("unmapped." + name)) {
                    continue;
                }
                for (int classUid : logsource.classUids()) {
                    if (graph.carries(classUid, path)) {
                        carried = true;
                        break;
                    }
                }
            }
            if (!carried) {
                silent.add(name);
            }
        });
        return List.copyOf(silent);
    }
}
