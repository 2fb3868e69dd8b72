package io.securitylake.subscriber.demo;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Route 53 Resolver query logs as Security Lake 2.0 writes them: OCSF 1.1.0 DNS Activity (4003),
 * without class/activity names (the subscriber fills them from the ids).
 */
final class Route53Events extends OcsfEvents {

    static final String SPEC = IDS + TIME + METADATA + CLOUD
            + "src_endpoint{vpc_uid, ip, port:int, instance_uid}, dst_endpoint{instance_uid, interface_uid}, "
            + "query{hostname, type, class, packet_uid:int}, answers[{type, rdata, class, ttl:int, flag_ids[int]}], "
            + "connection_info{protocol_name, direction_id:int}, rcode_id:int, rcode, disposition_id:int, "
            + OBSERVABLES + UNMAPPED;

    /**
     * What a VPC resolves, most frequent first, all under names reserved for examples: cloud endpoints, code and
     * package hosting, an identity provider, the EDR vendor's cloud, instances, SaaS. The last three look
     * suspicious for the rules to find: a generated (DGA-like) label ({@code %r}) on a domain the firewall
     * blocks, a look-alike of an abused TLD, and a very long label as DNS tunnelling uses ({@code %t}).
     */
    private static final String[] HOSTS = {"objects.%s.cloud.example.", "queue.%s.cloud.example.",
            "compute.%s.cloud.example.", "api.code-hosting.example.", "registry.packages.example.",
            "mirror.packages.example.", "login.idp.example.com.", "update.edr-vendor.example.",
            "ts01-b.sensor-cloud.edr-vendor.example.", "%s.compute.vpc.example.", "db-primary.%s.db.cloud.example.",
            "time.cloud.example.", "telemetry.saas.example.net.", "cdn.static.example.org.",
            "%r.badcdn.example.", "login-update.zip.example.", "%t.tunnel.example."};
    private static final String BLOCKED_DOMAIN = ".badcdn.example.";
    private static final String[] TYPES = {"A", "A", "A", "AAAA", "CNAME", "TXT", "PTR", "SRV", "MX"};

    Route53Events(DemoBatch batch, Schema schema) {
        super(batch, schema);
    }

    @Override
    void fill(OcsfRecord event, long row, long time) {
        String host = values.pickSkewed(HOSTS).replace("%s", batch.region());
        if (host.startsWith("%r")) {
            host = values.upperAlnum(values.nextInt(9, 15)).toLowerCase() + host.substring(2);
        } else if (host.startsWith("%t")) {
            host = values.hex(56) + host.substring(2);
        } else if (host.endsWith(".compute.vpc.example.")) {
            host = "ip-" + values.privateIp().replace('.', '-') + "." + host;
        }
        String type = values.pickSkewed(TYPES);
        boolean nxdomain = values.chance(0.06);
        boolean blocked = host.endsWith(BLOCKED_DOMAIN);
        classify(event, 2, "Response", blocked ? 4 : 1);
        String client = values.privateIp();
        event.set("metadata.product.name", "Route 53").set("metadata.product.vendor_name", "AWS")
                .set("metadata.product.version", "1.100000").set("metadata.product.feature.name", "Resolver Query Logs")
                .set("metadata.profiles", list("cloud", "datetime", "security_control"))
                .set("src_endpoint.vpc_uid", "vpc-0" + DemoValues.hex16(DemoValues.mix(batch.seed())).substring(0, 16))
                .set("src_endpoint.ip", client).set("src_endpoint.port", values.ephemeralPort())
                .set("src_endpoint.instance_uid", "i-0" + values.hex(16))
                .set("dst_endpoint.instance_uid", "rslvr-in-" + values.hex(17))
                .set("dst_endpoint.interface_uid", "rni-" + values.hex(17))
                .set("query.hostname", host).set("query.type", type).set("query.class", "IN")
                .set("query.packet_uid", values.nextInt(65536))
                .set("connection_info.protocol_name", values.chance(0.95) ? "UDP" : "TCP")
                .set("connection_info.direction_id", 0)
                .set("rcode_id", nxdomain ? 3 : 0).set("rcode", nxdomain ? "NXDomain" : "NoError")
                .set("disposition_id", blocked ? 2 : 16)
                .set("observables", List.of(observable(event, "query.hostname", 1, "Hostname", host),
                        observable(event, "src_endpoint.ip", 2, "IP Address", client)));
        if (!nxdomain) {
            event.set("answers", answers(event, type));
        }
        event.set("unmapped", blocked
                ? map("firewall_rule_action", "BLOCK", "firewall_domain_list_id", "rslvr-fdl-" + values.hex(17),
                        "firewall_rule_group_id", "rslvr-frg-" + values.hex(17))
                : map("query_timestamp", String.valueOf(time), "srcids.resolver_endpoint", "rslvr-in-" + values.hex(17)));
    }

    private List<GenericData.Record> answers(OcsfRecord event, String type) {
        int count = type.equals("CNAME") ? 2 : values.nextInt(1, 4);
        List<GenericData.Record> answers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            GenericData.Record answer = event.item("answers");
            answer.put("type", type);
            answer.put("class", "IN");
            answer.put("ttl", values.pick(new Integer[] {5, 60, 300, 3600}));
            answer.put("rdata", switch (type) {
                case "AAAA" -> "2001:db8:" + values.hex(4) + ":" + values.hex(4) + "::" + values.hex(3);
                case "CNAME", "PTR" -> values.hostName() + ".cdn.example.net.";
                case "TXT" -> "\"v=spf1 include:_spf." + values.pick(DemoValues.DOMAINS) + " ~all\"";
                case "MX" -> "10 mx" + i + "." + values.pick(DemoValues.DOMAINS) + ".";
                case "SRV" -> "0 5 443 " + values.hostName() + "." + values.pick(DemoValues.DOMAINS) + ".";
                default -> values.publicIp();
            });
            answers.add(answer);
        }
        return answers;
    }
}
