package io.securitylake.subscriber.sigma;

/** A rule the engine cannot honour: it is refused whole, with where (line, field) and why. */
public final class RuleRefused extends RuntimeException {

    private final int line;
    private final String field;

    public RuleRefused(int line, String field, String reason) {
        super(reason, null, false, false);
        this.line = line;
        this.field = field;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
