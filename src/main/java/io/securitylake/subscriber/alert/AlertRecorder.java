package io.securitylake.subscriber.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securitylake.subscriber.incident.IncidentChange;
import io.securitylake.subscriber.tenant.TenantSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The first step of route {@code alert}: records one pending delivery per destination of the incident's tenant, and
 * returns the uids of those not recorded before. A delivery's uid is derived from tenant, incident, version and
 * destination, so a redelivered or replayed change finds its rows there already and sends nothing again.
 * The body each destination gets is fixed here: the same bytes on every attempt and resend.
 */
@Component("alertRecorder")
class AlertRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(AlertRecorder.class);
    private static final Pattern CHANGE = Pattern.compile("[a-z][a-z_]{0,39}");

    private final TenantSettings tenantSettings;
    private final AlertDeliveryTable table;
    private final ObjectMapper json;

    AlertRecorder(TenantSettings tenantSettings, AlertDeliveryTable table, ObjectMapper json) {
        this.tenantSettings = tenantSettings;
        this.table = table;
        this.json = json;
    }

    /**
     * Records one pending delivery per destination of the change's tenant; gives the uids of those not recorded
     * before (a redelivered change gives none).
     */
    public List<String> record(@Body IncidentChange incidentChange) throws JsonProcessingException {
        String tenant = incidentChange == null ? null : incidentChange.tenant();
        TenantSettings.Tenant settings = tenant == null ? null : tenantSettings.tenants().get(tenant);
        if (settings == null) {
            throw new IllegalArgumentException("an incident of no configured tenant: " + tenant);
        }
        if (settings.alerts().isEmpty()) {
            return List.of();
        }
        String change = incidentChange.change();
        String incident = incidentChange.json();
        if (change == null || !CHANGE.matcher(change).matches()) {
            throw new IllegalArgumentException("an incident change must be a word like created, not " + change);
        }
        JsonNode node = incident == null ? null : json.readTree(incident);
        if (node == null || !node.isObject() || !node.path("uid").isTextual() || node.path("uid").asText().isEmpty()) {
            throw new IllegalArgumentException("an incident must be a JSON object with a uid");
        }
        String uid = node.path("uid").asText();
        long v = incidentChange.version();
        if (v < 0) {
            throw new IllegalArgumentException("incident " + uid + " comes without a version");
        }
        List<String> created = new ArrayList<>();
        for (TenantSettings.AlertDestination destination : settings.alerts()) {
            String delivery = deliveryUid(tenant, uid, v, destination.name());
            ObjectNode envelope = json.createObjectNode();
            envelope.put("delivery", delivery).put("tenant", tenant).put("change", change).put("version", v);
            envelope.set("incident", node);
            if (table.insert(delivery, tenant, uid, v, change, destination.name(), destination.type(),
                    json.writeValueAsString(envelope))) {
                created.add(delivery);
            } else {
                LOG.debug("incident {} version {} of tenant {} was recorded for {} already", uid, v, tenant,
                        destination.name());
            }
        }
        return created;
    }

    /** 32 hex digits of SHA-256 over tenant, incident uid, version and destination name. */
    static String deliveryUid(String tenant, String incidentUid, long version, String destination) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(String.join("\u0000", tenant, incidentUid, Long.toString(version), destination)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
