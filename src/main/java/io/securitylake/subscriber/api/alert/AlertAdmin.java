package io.securitylake.subscriber.api.alert;

import io.securitylake.subscriber.alert.AlertDelivery;
import io.securitylake.subscriber.alert.AlertDeliveryTable;
import io.securitylake.subscriber.alert.AlertSender;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Cursors;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantIds;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The admin API of alerting (admin key only): the deliveries whose last attempt failed, newest failure first, of
 * one tenant or all; and resending one of them now, with a fresh count of attempts.
 */
@Component("alertAdmin")
class AlertAdmin {

    static final String LISTING = "admin-alerts-failed";
    /** Cursors of the admin's listings are bound to no tenant: this name stands in for it. */
    private static final String ADMIN = "(admin)";
    private static final Pattern UID = Pattern.compile("[0-9a-f]{32}");

    private final AlertDeliveryTable table;
    private final AlertSender sender;
    private final TenantDirectory directory;
    private final Cursors cursors;

    AlertAdmin(AlertDeliveryTable table, AlertSender sender, TenantDirectory directory, Cursors cursors) {
        this.table = table;
        this.sender = sender;
        this.directory = directory;
        this.cursors = cursors;
    }

    public FailedAlertPage failed(Exchange exchange) {
        Params p = ApiRequest.of(exchange).params();
        String tenant = p.one("tenant").orElse(null);
        if (tenant != null && !TenantIds.isValidTenant(tenant)) {
            throw Params.bad("tenant", "must be a tenant id ([a-z][a-z0-9_]{0,39}), not " + Params.quote(tenant));
        }
        if (tenant != null && !directory.exists(tenant)) {
            throw ApiProblem.notFound("no tenant " + Params.quote(tenant));
        }
        int limit = p.integer("limit", 1, 1000).orElse(100);
        Cursors.Listing listing = cursors.listing(ADMIN, LISTING, "tenant=" + tenant);
        AlertDeliveryTable.After after = listing.position(p, 2)
                .map(at -> new AlertDeliveryTable.After(Cursors.fromMicros(at.get(0)), at.get(1))).orElse(null);
        Cursors.Page<AlertDelivery> page = listing.page(table.failedPage(tenant, after, limit + 1), limit,
                last -> List.of(Cursors.toMicros(last.failedAt()), last.uid()));
        return new FailedAlertPage(page.rows().stream().map(FailedAlertPage.Item::of).toList(), page.next());
    }

    public Resent resend(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String uid = request.pathVariable("id");
        if (!UID.matcher(uid).matches()) {
            throw ApiProblem.badRequest("a delivery id is 32 lowercase hex digits, not " + Params.quote(uid));
        }
        if (sender.resend(uid)) {
            return new Resent(uid, "pending");
        }
        AlertDelivery delivery = table.find(uid)
                .orElseThrow(() -> ApiProblem.notFound("no alert delivery " + uid));
        throw ApiProblem.conflict("alert delivery " + uid + " is " + delivery.status() + ", not failed; only a failed"
                + " delivery is resent");
    }
}
