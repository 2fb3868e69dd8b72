package io.securitylake.subscriber.hunt;

/**
 * A hunt or SQL statement the service or PostgreSQL refused because of what the caller sent (a parameter of the
 * wrong type, a range too wide, a statement the hunt role may not run): the caller's mistake, with words the caller
 * may read (PostgreSQL's own reason, never a stack trace).
 */
public class HuntRefused extends RuntimeException {

    private final boolean notFound;

    public HuntRefused(String reason) {
        this(reason, false);
    }

    HuntRefused(String reason, boolean notFound) {
        super(reason, null, false, false);
        this.notFound = notFound;
    }

    /** No such hunt (404), rather than a bad request. */
    public boolean notFound() {
        return notFound;
    }

    static String quote(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        StringBuilder sb = new StringBuilder("'");
        shown.codePoints().forEach(cp -> sb.append(Character.isISOControl(cp) ? "?" : Character.toString(cp)));
        return sb.append('\'').toString();
    }
}
