package io.celeris.adapter.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Every error answer is problem+json, including those of routes we do not write: Helidon's observers answer
 * {@code GET /observe/metrics} with {@code Accept: text/html} by a bare 406 with an empty body. A client error
 * (4xx) about to be sent without a content type is stopped before a byte is written and answered again by the
 * error handler, as the problem for its status.
 */
final class ErrorBodyFilter implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.beforeSend(() -> {
            int code = res.status().code();
            // Client errors only. Helidon calls this before an answer's stream is opened too, when a streamed body
            // has not set its content type yet: the health observer's 503 (its report, DOWN) must stay as it is.
            if (code >= 400 && code < 500 && !res.headers().contains(HeaderNames.CONTENT_TYPE)
                    && req.prologue().method() != Method.HEAD) {
                Problem p = Problems.forStatus(res.status(), null);
                throw new ProblemException(res.status(), p.slug(), p.title(), p.detail());
            }
        });
        chain.proceed();
    }
}
