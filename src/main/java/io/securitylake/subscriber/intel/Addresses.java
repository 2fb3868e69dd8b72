package io.securitylake.subscriber.intel;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals without a DNS look-up: IPv4 as an {@code int}, IPv6 as two {@code long}s, and networks
 * ({@code 198.51.100.0/24}, {@code 2001:db8::/32}) in one normal form, the network address as the JDK prints it and
 * its prefix length ({@code /32} and {@code /128} are left out).
 */
final class Addresses {

    private Addresses() {
    }

    /** The IPv4 address of a dotted quad, or -1L when the text is not one. */
    static long ipv4(String s) {
        int n = s.length();
        if (n < 7 || n > 15) {
            return -1L;
        }
        long out = 0;
        int part = 0;
        int digits = 0;
        int dots = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                part = part * 10 + (c - '0');
                if (++digits > 3 || part > 255) {
                    return -1L;
                }
            } else if (c == '.' && digits > 0 && dots < 3) {
                out = (out << 8) | part;
                part = 0;
                digits = 0;
                dots++;
            } else {
                return -1L;
            }
        }
        if (dots != 3 || digits == 0) {
            return -1L;
        }
        return (out << 8) | part;
    }

    /** The 16 bytes of an IPv6 literal, or null when the text is not one (never a DNS look-up). */
    static byte[] ipv6(String s) {
        if (s.length() < 2 || s.length() > 45 || s.indexOf(':') < 0) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null; // also keeps out zone ids and anything a resolver would be asked about
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(s).getAddress(); // a literal with ':' is parsed, never resolved
            return bytes.length == 16 ? bytes : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Parses an IPv6 literal into its two halves without allocating (the look-up of every event's address); false
     * when the text is not one. Accepts what {@link #ipv6} accepts: hex groups, one {@code ::}, a dotted IPv4 tail.
     */
    static boolean ipv6Fast(String s, long[] out) {
        int n = s.length();
        if (n < 2 || n > 45) {
            return false;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (n == 2) {
                out[0] = 0;
                out[1] = 0;
                return true;
            }
        } else if (s.charAt(0) == ':') {
            return false;
        }
        while (i < n) {
            if (count == 8) {
                return false;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 4 && Character.digit(s.charAt(i), 16) >= 0) {
                value = (value << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') { // an IPv4 tail: the last two groups
                long v4 = ipv4(s.substring(start));
                if (v4 < 0 || count > 6) {
                    return false;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = n;
                break;
            }
            if (i == start) {
                return false;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = count;
                i++;
            } else if (i == n) {
                return false;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return false;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        out[0] = ((long) full[0] << 48) | ((long) full[1] << 32) | ((long) full[2] << 16) | full[3];
        out[1] = ((long) full[4] << 48) | ((long) full[5] << 32) | ((long) full[6] << 16) | full[7];
        return true;
    }

    static long high(byte[] a) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (a[i] & 0xff);
        }
        return v;
    }

    static long low(byte[] a) {
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = (v << 8) | (a[i] & 0xff);
        }
        return v;
    }

    /** The mask of the first {@code bits} of a 64-bit half (0..64). */
    static long mask64(int bits) {
        return bits <= 0 ? 0L : bits >= 64 ? -1L : -1L << (64 - bits);
    }

    /** An address or network in its normal form; an {@link IllegalArgumentException} when it is neither. */
    static String normaliseNetwork(IndicatorType type, String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        int max = type == IndicatorType.IPV4 ? 32 : 128;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("not a prefix length of " + type.id() + ": " + IndicatorType.cut(text));
            }
        }
        if (type == IndicatorType.IPV4) {
            long v = ipv4(address);
            if (v < 0) {
                throw new IllegalArgumentException("not an IPv4 address: " + IndicatorType.cut(text));
            }
            long net = v & (0xffffffffL << (32 - bits)) & 0xffffffffL;
            String printed = (net >>> 24) + "." + ((net >>> 16) & 0xff) + "." + ((net >>> 8) & 0xff) + "." + (net & 0xff);
            return bits == 32 ? printed : printed + "/" + bits;
        }
        byte[] a = ipv6(address);
        if (a == null) {
            throw new IllegalArgumentException("not an IPv6 address: " + IndicatorType.cut(text));
        }
        long hi = high(a) & mask64(bits);
        long lo = low(a) & mask64(bits - 64);
        byte[] masked = new byte[16];
        for (int i = 0; i < 8; i++) {
            masked[i] = (byte) (hi >>> (56 - 8 * i));
            masked[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        try {
            String printed = InetAddress.getByAddress(masked).getHostAddress();
            return bits == 128 ? printed : printed + "/" + bits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
