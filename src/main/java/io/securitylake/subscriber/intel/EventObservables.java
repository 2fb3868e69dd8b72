package io.securitylake.subscriber.intel;

import java.util.List;
import java.util.Map;

/**
 * The values of an OCSF event that indicators are looked up by: endpoint addresses and host names
 * ({@code src_endpoint}, {@code dst_endpoint}), the DNS query's host name and its answers' data, URLs
 * ({@code url}, {@code http_request.url}), file and process-file hashes, e-mail addresses, and the event's
 * {@code observables[]} (by their OCSF type: host name, IP address, e-mail address, URL, hash).
 */
final class EventObservables {

    /** What a value is, so that it is looked up among the indicators of its kind only. */
    enum Kind { ADDRESS, DOMAIN, URL, EMAIL, HASH }

    /** Receives each value with its kind and the OCSF field it came from. */
    @FunctionalInterface
    interface Sink {
        void accept(Kind kind, String value, String field);
    }

    private static final String[] EMAIL_FIELDS = {"from", "to", "cc", "reply_to", "smtp_from", "smtp_to"};

    private EventObservables() {
    }

    static void forEach(Map<String, Object> event, Sink sink) {
        endpoint(event.get("src_endpoint"), "src_endpoint", sink);
        endpoint(event.get("dst_endpoint"), "dst_endpoint", sink);
        if (event.get("query") instanceof Map<?, ?> query) {
            text(query.get("hostname"), Kind.DOMAIN, "query.hostname", sink);
        }
        if (event.get("answers") instanceof List<?> answers) {
            for (Object a : answers) {
                if (a instanceof Map<?, ?> answer && answer.get("rdata") instanceof String rdata) {
                    sink.accept(Addresses.ipv4(rdata) >= 0 || rdata.indexOf(':') >= 0 ? Kind.ADDRESS : Kind.DOMAIN,
                            rdata, "answers.rdata");
                }
            }
        }
        url(event.get("url"), "url.url_string", sink);
        if (event.get("http_request") instanceof Map<?, ?> request) {
            url(request.get("url"), "http_request.url.url_string", sink);
        }
        file(event.get("file"), "file.hashes", sink);
        if (event.get("process") instanceof Map<?, ?> process) {
            file(process.get("file"), "process.file.hashes", sink);
        }
        if (event.get("email") instanceof Map<?, ?> email) {
            for (String field : EMAIL_FIELDS) {
                all(email.get(field), Kind.EMAIL, "email." + field, sink);
            }
        }
        if (event.get("actor") instanceof Map<?, ?> actor && actor.get("user") instanceof Map<?, ?> user) {
            text(user.get("email_addr"), Kind.EMAIL, "actor.user.email_addr", sink);
        }
        if (event.get("user") instanceof Map<?, ?> user) {
            text(user.get("email_addr"), Kind.EMAIL, "user.email_addr", sink);
        }
        if (event.get("observables") instanceof List<?> observables) {
            for (Object o : observables) {
                if (o instanceof Map<?, ?> observable && observable.get("value") instanceof String value) {
                    Kind kind = observableKind(observable.get("type_id"));
                    if (kind != null) {
                        sink.accept(kind, value, "observables");
                    }
                }
            }
        }
    }

    /** OCSF observable type ids: 1 Hostname, 2 IP Address, 5 Email Address, 6 URL String, 8 Hash. */
    private static Kind observableKind(Object typeId) {
        if (!(typeId instanceof Number n)) {
            return null;
        }
        return switch (n.intValue()) {
            case 1 -> Kind.DOMAIN;
            case 2 -> Kind.ADDRESS;
            case 5 -> Kind.EMAIL;
            case 6 -> Kind.URL;
            case 8 -> Kind.HASH;
            default -> null;
        };
    }

    private static void endpoint(Object endpoint, String name, Sink sink) {
        if (endpoint instanceof Map<?, ?> e) {
            text(e.get("ip"), Kind.ADDRESS, name + ".ip", sink);
            text(e.get("hostname"), Kind.DOMAIN, name + ".hostname", sink);
        }
    }

    private static void url(Object url, String field, Sink sink) {
        if (url instanceof Map<?, ?> u) {
            text(u.get("url_string"), Kind.URL, field, sink);
        }
    }

    private static void file(Object file, String field, Sink sink) {
        if (file instanceof Map<?, ?> f && f.get("hashes") instanceof List<?> hashes) {
            for (Object h : hashes) {
                if (h instanceof Map<?, ?> hash) {
                    text(hash.get("value"), Kind.HASH, field, sink);
                }
            }
        }
    }

    private static void all(Object value, Kind kind, String field, Sink sink) {
        if (value instanceof List<?> list) {
            list.forEach(v -> text(v, kind, field, sink));
        } else {
            text(value, kind, field, sink);
        }
    }

    private static void text(Object value, Kind kind, String field, Sink sink) {
        if (value instanceof String s && !s.isEmpty()) {
            sink.accept(kind, s, field);
        }
    }
}
