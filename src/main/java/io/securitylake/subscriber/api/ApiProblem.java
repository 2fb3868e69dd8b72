package io.securitylake.subscriber.api;

import io.securitylake.subscriber.ChangeRefused;
/**
 * A request the API refuses, with the status and the words the caller sees. Only this exception's detail is
 * ever shown to a caller; every other exception becomes a 500 without detail.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;

    public ApiProblem(int status, String title, String detail) {
        super(detail, null, false, false); // no stack trace: it is an answer, not a fault
        this.status = status;
        this.title = title;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad Request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not Found", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "Conflict", detail);
    }

    /** A refused change as its answer: 400, 404, 409 or 412 by its kind. */
    public static ApiProblem of(ChangeRefused refused) {
        String detail = refused.getMessage();
        return switch (refused.kind()) {
            case BAD -> badRequest(detail);
            case NOT_FOUND -> notFound(detail);
            case CONFLICT -> conflict(detail);
            case STALE -> new ApiProblem(412, "Precondition Failed", detail);
        };
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }
}
