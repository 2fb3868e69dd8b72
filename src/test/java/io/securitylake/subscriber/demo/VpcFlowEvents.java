package io.securitylake.subscriber.demo;

import org.apache.avro.Schema;

/**
 * VPC flow log records as Security Lake 2.0 writes them: OCSF 1.1.0 Network Activity (4001),
 * without class/activity names and without {@code metadata.uid}, so that the subscriber has
 * to fill the names and derive an event id itself.
 */
final class VpcFlowEvents extends OcsfEvents {

    private static final String ENDPOINT = "{port:int, svc_name, ip, intermediate_ips[string], interface_uid, vpc_uid, "
            + "instance_uid, subnet_uid}, ";
    static final String SPEC = IDS + TIME
            + "metadata{" + PRODUCT + "version!, profiles[string]}, " + CLOUD
            + "src_endpoint" + ENDPOINT + "dst_endpoint" + ENDPOINT
            + "connection_info{protocol_num:int, tcp_flags:int, protocol_ver_id:int, boundary_id:int, direction_id:int, direction}, "
            + "traffic{packets:long, bytes:long}, start_time:long, start_time_dt:ts, end_time:long, end_time_dt:ts, "
            + "status_code, disposition_id:int, action_id:int, " + UNMAPPED;

    /** Well-known service ports, weighted by repetition like real flows. */
    private static final int[] PORTS = {443, 443, 443, 443, 80, 53, 22, 3306, 5432, 6379, 8080, 9092, 3389, 123, 445};

    VpcFlowEvents(DemoBatch batch, Schema schema) {
        super(batch, schema);
    }

    @Override
    void fill(OcsfRecord event, long row, long time) {
        boolean rejected = values.chance(0.12);
        boolean inbound = values.chance(0.45);
        int protocol = values.chance(0.85) ? 6 : values.chance(0.8) ? 17 : 1;
        int servicePort = PORTS[values.nextInt(PORTS.length)];
        String local = values.privateIp();
        String remote = values.chance(0.6) ? values.publicIp() : values.privateIp();
        String zone = batch.region() + (char) ('a' + values.nextInt(3));
        // Traffic (6) with a disposition is how 1.1.0 flows record accepted and rejected traffic alike
        classify(event, 6, "Traffic", 1);
        event.set("metadata.product.name", "Amazon VPC").set("metadata.product.vendor_name", "AWS")
                .set("metadata.product.version", "5").set("metadata.product.feature.name", "Flowlogs")
                .set("metadata.profiles", list("cloud", "datetime", "security_control"))
                .set("cloud.zone", zone)
                .set("connection_info.protocol_num", protocol).set("connection_info.protocol_ver_id", 4)
                .set("connection_info.boundary_id", remote.startsWith("10.") ? 1 : 2)
                .set("connection_info.direction_id", inbound ? 1 : 2).set("connection_info.direction", inbound ? "Inbound" : "Outbound")
                .set("status_code", "OK").set("disposition_id", rejected ? 2 : 1).set("action_id", rejected ? 2 : 1);
        if (protocol == 6) {
            event.set("connection_info.tcp_flags", rejected ? 2 : values.pick(new Integer[] {3, 19, 18, 27}));
        }
        String eni = "eni-0" + values.hex(16);
        String instance = "i-0" + values.hex(16);
        String vpc = "vpc-0" + DemoValues.hex16(DemoValues.mix(batch.seed())).substring(0, 16);
        String subnet = "subnet-0" + values.hex(16);
        String local_ = inbound ? "dst_endpoint" : "src_endpoint";
        String remote_ = inbound ? "src_endpoint" : "dst_endpoint";
        event.set(local_ + ".ip", local).set(local_ + ".port", inbound ? servicePort : values.ephemeralPort())
                .set(local_ + ".interface_uid", eni).set(local_ + ".instance_uid", instance)
                .set(local_ + ".vpc_uid", vpc).set(local_ + ".subnet_uid", subnet)
                .set(remote_ + ".ip", remote).set(remote_ + ".port", inbound ? values.ephemeralPort() : servicePort)
                .set(remote_ + ".svc_name", "-").set(local_ + ".svc_name", "-");
        long packets = rejected ? values.nextInt(1, 4) : values.nextLong(1, 5_000);
        long start = time - values.nextInt(1_000, 60_000);
        event.set("traffic.packets", packets).set("traffic.bytes", packets * values.nextInt(40, 1_500))
                .set("start_time", start).set("start_time_dt", start)
                .set("end_time", time).set("end_time_dt", time)
                .set("unmapped", map("sublocation_type", "-", "sublocation_id", "-",
                        "pkt_src_aws_service", "-", "flow_direction", inbound ? "ingress" : "egress"));
    }
}
