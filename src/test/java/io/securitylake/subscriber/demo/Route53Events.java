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

    private static final String[] HOSTS = {"s3.%s.amazonaws.com.", "sqs.%s.amazonaws.com.", "ec2.%s.amazonaws.com.",
            "api.github.com.", "registry.npmjs.org.", "pypi.org.", "login.microsoftonline.com.", "update.crowdstrike.com.",
            "ts01-b.cloudsink.net.", "%s.compute.internal.", "db-primary.%s.rds.amazonaws.com.", "time.aws.com.",
            "telemetry.example-saas.io.", "cdn.jsdelivr.net.", "x7f3k9q2.duckdns.org."};
    private static final String[] TYPES = {"A", "A", "A", "AAAA", "CNAME", "TXT", "PTR", "SRV", "MX"};

    Route53Events(DemoBatch batch, Schema schema) {
        super(batch, schema);
    }

    @Override
    void fill(OcsfRecord event, long row, long time) {
        String host = values.pickSkewed(HOSTS).replace("%s", batch.region());
        if (host.endsWith(".compute.internal.")) {
            host = "ip-" + values.privateIp().replace('.', '-') + "." + host;
        }
        String type = values.pickSkewed(TYPES);
        boolean nxdomain = values.chance(0.06);
        boolean blocked = host.contains("duckdns");
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
                case "AAAA" -> "2600:1f18:" + values.hex(4) + ":" + values.hex(4) + "::" + values.hex(3);
                case "CNAME", "PTR" -> values.hostName() + ".cdn.example.net.";
                case "TXT" -> "\"v=spf1 include:_spf." + values.pick(DemoValues.DOMAINS) + " ~all\"";
                case "MX" -> "10 mx" + i + "." + values.pick(DemoValues.DOMAINS) + ".";
                case "SRV" -> "0 5 443 " + values.hostName() + ".";
                default -> values.publicIp();
            });
            answers.add(answer);
        }
        return answers;
    }
}
