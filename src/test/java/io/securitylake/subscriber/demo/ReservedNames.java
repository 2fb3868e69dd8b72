package io.securitylake.subscriber.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.net.InternetDomainName;

/**
 * Finds host names and addresses in text that are not reserved for examples and documentation: anything
 * but {@code example.com/.net/.org} and the {@code .example}, {@code .test}, {@code .invalid},
 * {@code .localhost} names (RFC 2606, RFC 6761); IPv4 outside 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24
 * (RFC 5737) and the private 10.0.0.0/8; IPv6 outside 2001:db8::/32 (RFC 3849). A dotted word counts as a
 * host name when it ends in a public suffix ({@code svchost.exe} does not; {@code worker.py} would). AWS
 * service names are allowed only where AWS itself writes them as identifiers, not as hosts anyone contacts.
 */
final class ReservedNames {

    private static final Pattern URL_HOST = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:\\s\"'\\\\]+)");
    // a dotted word that is not part of a path (after / or \) or of a longer word
    private static final Pattern NAME = Pattern.compile(
            "(?<![\\w.\\-/\\\\])((?:[a-zA-Z0-9_](?:[a-zA-Z0-9_-]*[a-zA-Z0-9])?\\.)+[a-zA-Z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)\\.?(?![\\w-])");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:])[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\\w:])");
    private static final List<String> RESERVED_SUFFIXES = List.of(".example.com", ".example.net", ".example.org",
            ".example", ".test", ".invalid", ".localhost");
    private static final List<String> RESERVED_NETWORKS = List.of("192.0.2.", "198.51.100.", "203.0.113.", "10.");
    /** Where AWS writes its service names as identifiers (CloudTrail eventSource, userAgent, Host header; S3 requester). */
    private static final Map<String, Pattern> AWS_IDENTIFIERS = Map.of(
            "api.service.name", Pattern.compile("[a-z0-9-]+\\.amazonaws\\.com"),
            "http_request.user_agent", Pattern.compile("[a-z0-9-]+\\.amazonaws\\.com"),
            "unmapped.tlsDetails.clientProvidedHostHeader", Pattern.compile("[a-z0-9-]+\\.[a-z0-9-]+\\.amazonaws\\.com"),
            "notification", Pattern.compile("securitylake\\.amazonaws\\.com"));
    private static final Set<String> UNSPECIFIED = Set.of("0.0.0.0");
    /** Fields whose values name OCSF attributes ({@code actor.user.name}), not hosts. */
    private static final Set<String> ATTRIBUTE_NAMES = Set.of("observables[].name");

    private ReservedNames() {
    }

    /** The names and addresses in {@code text}, found at {@code path}, that are nobody's example: empty when clean. */
    static List<String> outside(String path, String text) {
        List<String> found = new ArrayList<>();
        if (ATTRIBUTE_NAMES.contains(path)) {
            return found;
        }
        Matcher url = URL_HOST.matcher(text);
        while (url.find()) {
            String host = url.group(1).toLowerCase(Locale.ROOT);
            if (!IPV4.matcher(host).matches() && !reserved(host)) {
                found.add(path + ": " + host);
            }
        }
        Matcher name = NAME.matcher(text);
        while (name.find()) {
            String host = name.group(1).toLowerCase(Locale.ROOT);
            if (!reserved(host) && internetName(host) && !awsIdentifier(path, host)) {
                found.add(path + ": " + host);
            }
        }
        Matcher v4 = IPV4.matcher(text);
        while (v4.find()) {
            String ip = v4.group();
            if (octets(v4) && !UNSPECIFIED.contains(ip) && RESERVED_NETWORKS.stream().noneMatch(ip::startsWith)) {
                found.add(path + ": " + ip);
            }
        }
        Matcher v6 = IPV6.matcher(text);
        while (v6.find()) {
            String ip = v6.group().toLowerCase(Locale.ROOT);
            boolean address = ip.contains("::") || ip.chars().filter(c -> c == ':').count() == 7;
            if (address && !ip.startsWith("2001:db8:")) {
                found.add(path + ": " + ip);
            }
        }
        return found;
    }

    static boolean reserved(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return name.equals("example.com") || name.equals("example.net") || name.equals("example.org")
                || name.equals("localhost") || RESERVED_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    private static boolean internetName(String host) {
        // labels such as _spf are legal in DNS data but not in host names: judge the name they stand under
        String name = host.replaceFirst("^(?:[^.]*_[^.]*\\.)+", "");
        return InternetDomainName.isValid(name) && InternetDomainName.from(name).hasPublicSuffix();
    }

    private static boolean awsIdentifier(String path, String host) {
        Pattern allowed = AWS_IDENTIFIERS.get(path);
        return allowed != null && allowed.matcher(host).matches();
    }

    private static boolean octets(Matcher m) {
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }
}
