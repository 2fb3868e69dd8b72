package io.securitylake.subscriber.detect;

/** A rule the engine cannot honour: it is refused whole, with where (line, field) and why. */
final class RuleRefused extends RuntimeException {

    private final int line;
    private final String field;

    RuleRefused(int line, String field, String reason) {
        super(reason, null, false, false);
        this.line = line;
        this.field = field;
    }

    int line() {
        return line;
    }

    String field() {
        return field;
    }
}
