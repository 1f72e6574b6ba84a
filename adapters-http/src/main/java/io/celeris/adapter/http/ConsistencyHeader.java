package io.celeris.adapter.http;

import io.celeris.application.CommitPosition;
import io.celeris.application.ReadYourWrites;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code Celeris-Consistency}: read-your-writes with a read replica. A write answers with the commit position it
 * ended at; a read that sends it back is answered from data at least that new. The value is opaque to clients (it is
 * the primary's WAL position, {@code 16/B374D848}); one that is not one is a 400 {@code invalid-header}, and so is
 * one past anything the database wrote (refused where a replica is configured, the only place it is compared).
 */
final class ConsistencyHeader {

    static final HeaderName NAME = HeaderNames.create("Celeris-Consistency");

    private ConsistencyHeader() {
    }

    /**
     * Opens the read's scope with the position the request names, if any.
     *
     * @throws ProblemException 400 {@code invalid-header} for a malformed or repeated header
     */
    static ReadYourWrites read(ServerRequest req) {
        if (!req.headers().contains(NAME)) {
            return ReadYourWrites.unconstrained();
        }
        List<String> values = req.headers().get(NAME).allValues();
        if (values.size() != 1) {
            throw invalid("Celeris-Consistency must be sent once, with one token");
        }
        try {
            return ReadYourWrites.open(Optional.of(CommitPosition.parse(values.getFirst().strip())));
        } catch (IllegalArgumentException e) {
            throw invalid("Celeris-Consistency must be a token from a write response of this service, such as"
                    + " 16/B374D848");
        }
    }

    /** Opens a write's scope: it names no position to read at, it reports where its commits ended. */
    static ReadYourWrites write() {
        return ReadYourWrites.open(Optional.empty());
    }

    /** Puts the position the write's commits ended at on the answer (none without a replica to be consistent with). */
    static void answer(ReadYourWrites scope, ServerResponse res) {
        scope.lastCommit().ifPresent(p -> res.header(NAME, p.toString()));
    }

    static ProblemException invalid(String detail) {
        return new ProblemException(Status.BAD_REQUEST_400, "invalid-header", "Invalid header", detail);
    }
}
