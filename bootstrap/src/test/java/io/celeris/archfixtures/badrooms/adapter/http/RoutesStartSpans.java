package io.celeris.archfixtures.badrooms.adapter.http;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/** WRONG: the HTTP adapter starts spans; the request's span is bootstrap's, the adapters behind ports make theirs. */
public final class RoutesStartSpans {

    public Span handle(Tracer tracer) {
        return tracer.spanBuilder("GET /users").startSpan();
    }
}
