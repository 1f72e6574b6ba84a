package io.celeris.adapter.http;

import io.helidon.http.Status;
import java.util.List;
import java.util.Map;

/**
 * A client error found by the HTTP adapter itself (bad parameter, bad body, bad cursor), carried to
 * the error handler that writes it as {@code application/problem+json}.
 */
final class ProblemException extends RuntimeException {

    private final Status status;
    private final String type;
    private final String title;
    private final List<Map<String, String>> errors;

    ProblemException(Status status, String type, String title, String detail) {
        this(status, type, title, detail, List.of());
    }

    ProblemException(Status status, String type, String title, String detail, List<Map<String, String>> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors;
    }

    static ProblemException badParameter(String name, String rule) {
        return new ProblemException(Status.BAD_REQUEST_400, "invalid-parameter", "Invalid query parameter",
                "query parameter '" + name + "' " + rule, List.of(Map.of("name", name, "detail", rule)));
    }

    static ProblemException badBody(String detail) {
        return new ProblemException(Status.BAD_REQUEST_400, "invalid-body", "Invalid request body", detail);
    }

    static ProblemException badCursor(String detail) {
        return new ProblemException(Status.BAD_REQUEST_400, "invalid-cursor", "Invalid cursor", detail);
    }

    Problem toProblem(String instance) {
        return new Problem(status, type, title, getMessage(), instance, errors);
    }
}
