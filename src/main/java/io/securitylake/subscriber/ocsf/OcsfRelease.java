package io.securitylake.subscriber.ocsf;

import java.util.Map;

/** The captions one OCSF schema version defines: categories, severities and classes. All maps are immutable. */
record OcsfRelease(String version, Map<Integer, String> categories, Map<Integer, String> severities,
                   Map<Integer, OcsfClass> classes) {
}
