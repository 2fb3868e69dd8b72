package io.securitylake.subscriber.demo;

import java.util.SplittableRandom;

/**
 * Seeded vocabulary for demo events: addresses, users, hosts, hashes, ids. One instance per
 * file, drawn in row order, so a seed always yields the same file. Pools are large enough that
 * values repeat the way real telemetry does (a few hot hosts, many rare ones) without looking
 * copied.
 */
final class DemoValues {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String[] FIRST = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
            "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "wendy"};
    private static final String[] LAST = {"smith", "jones", "garcia", "miller", "davis", "lopez", "wilson",
            "anderson", "thomas", "taylor", "moore", "martin", "lee", "walker", "hall", "young", "king"};
    private static final String[] HOST_ROLES = {"web", "api", "db", "batch", "build", "jump", "mail", "dc",
            "fs", "vdi", "k8s-node", "etl", "cache", "proxy"};
    /** Domains of the demo organisation: reserved for examples (RFC 2606, RFC 6761), never anyone's real name. */
    static final String[] DOMAINS = {"corp.example.com", "prod.example.net", "dev.example.org", "lab.example"};
    /** The documentation networks (RFC 5737): 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24. */
    private static final String[] PUBLIC_NETS = {"192.0.2.", "198.51.100.", "203.0.113."};

    private final SplittableRandom random;

    DemoValues(long seed) {
        this.random = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    long nextLong(long origin, long bound) {
        return random.nextLong(origin, bound);
    }

    double nextDouble() {
        return random.nextDouble();
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Skewed pick: low indexes are much more frequent, as with real top talkers. */
    <T> T pickSkewed(T[] values) {
        double u = random.nextDouble();
        return values[(int) (u * u * u * values.length)];
    }

    String userName() {
        return pickSkewed(FIRST) + "." + pick(LAST);
    }

    String hostName() {
        return pickSkewed(HOST_ROLES) + "-" + pick(new String[] {"use1", "usw2", "euw1", "apse2"}) + "-"
                + (100 + random.nextInt(250));
    }

    String privateIp() {
        return "10." + random.nextInt(0, 32) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    /** An internet address from the documentation networks: never a real party's, and never 10/8 (private). */
    String publicIp() {
        return pick(PUBLIC_NETS) + random.nextInt(1, 255);
    }

    int ephemeralPort() {
        return random.nextInt(32768, 61000);
    }

    String hex(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = HEX[random.nextInt(16)];
        }
        return new String(out);
    }

    String upperAlnum(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            int c = random.nextInt(36);
            out[i] = (char) (c < 10 ? '0' + c : 'A' + c - 10);
        }
        return new String(out);
    }

    String uuid() {
        return uuid(random.nextLong(), random.nextLong());
    }

    /** Formats two longs as a version-4 UUID string. */
    static String uuid(long hi, long lo) {
        hi = (hi & 0xffffffffffff0fffL) | 0x0000000000004000L;
        lo = (lo & 0x3fffffffffffffffL) | 0x8000000000000000L;
        String h = hex16(hi) + hex16(lo);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                + h.substring(16, 20) + "-" + h.substring(20);
    }

    /**
     * A UUID-shaped event id, unique for every row of one seed: the low 62 bits are a bijection
     * of the row number, so uniqueness does not rest on luck.
     */
    static String eventUid(long seed, long row) {
        long mask = 0x3fffffffffffffffL;
        long x = (row + mix(seed)) & mask;
        x = (x * 0x9e3779b97f4a7c15L) & mask;
        x ^= x >>> 31;
        x = (x * 0xbf58476d1ce4e5b9L) & mask;
        x ^= x >>> 29;
        return uuid(mix(seed ^ mix(row)), x);
    }

    static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0000000000000000".substring(h.length()) + h;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
