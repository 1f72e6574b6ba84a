package io.celeris.bootstrap;

import io.celeris.bootstrap.logging.AsyncSettings;
import io.helidon.config.Config;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Traces, only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} ({@code otel.exporter.otlp.endpoint}) is set: one
 * OpenTelemetry SDK per instance exporting spans over OTLP/HTTP (protobuf) to {@code <endpoint>/v1/traces}, a
 * server span per routed request (child of the client's W3C {@code traceparent} when it sent a valid one), and
 * the tracer handed to the adapters for their cache and database spans. While a request runs its trace and span
 * ids are in the logging MDC ({@code trace_id}, {@code span_id}), so every line it logs carries them.
 *
 * <p>Helidon's own OpenTelemetry provider and tracing observer are not served by the registry this project
 * builds from, so the server span is this filter's, on the OpenTelemetry API.
 */
final class Tracing implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());
    private static final String SCOPE = "io.celeris";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    /** Reads {@code traceparent} / {@code tracestate} from Helidon's request headers. */
    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return headers.stream().map(h -> h.name()).toList();
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            HeaderName name = HeaderNames.create(key);
            return headers.contains(name) ? headers.get(name).get() : null;
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private Tracing(SdkTracerProvider provider) {
        this.provider = provider;
        this.tracer = provider.get(SCOPE);
    }

    /**
     * @param config the configuration ({@code otel.exporter.otlp.endpoint}, {@code otel.service.name})
     * @return tracing when an OTLP endpoint is configured, else empty (no spans, no cost)
     */
    static Optional<Tracing> start(Config config) {
        Optional<String> endpoint = config.get("otel.exporter.otlp.endpoint").asString().asOptional()
                .map(String::strip).filter(s -> !s.isEmpty());
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        // OTLP/HTTP: the variable is the base URL; the signal's path is appended (as the OpenTelemetry SDKs do).
        String base = endpoint.get();
        String traces = (base.endsWith("/") ? base : base + "/") + "v1/traces";
        String serviceName = config.get("otel.service.name").asString().get();
        var exporter = OtlpHttpSpanExporter.builder().setEndpoint(traces).build();
        var provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                // Batches leave on a thread of their own: a slow or absent collector never delays a request.
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        LOG.info(() -> "tracing: spans of service " + serviceName + " exported over OTLP/HTTP to " + traces);
        return Optional.of(new Tracing(provider));
    }

    /**
     * @return the tracer for the adapters' spans (children of the request's server span)
     */
    Tracer tracer() {
        return tracer;
    }

    /**
     * @return a filter that runs every routed request inside its server span, with the ids in the logging MDC;
     *         register it before the other filters so that their work and their log lines are in the span
     */
    Filter filter() {
        return this::filter;
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // An absent or malformed traceparent gives the root context: the request starts a trace of its own.
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), req.headers(), HEADERS);
        String method = req.prologue().method().text();
        Span span = tracer.spanBuilder(method)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method)
                .setAttribute(PATH, req.path().rawPath())
                .startSpan();
        var ids = span.getSpanContext();
        HelidonMdc.set(AsyncSettings.TRACE_ID, ids.getTraceId());
        HelidonMdc.set(AsyncSettings.SPAN_ID, ids.getSpanId());
        try (Scope ignored = span.makeCurrent()) {
            chain.proceed();
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            HelidonMdc.remove(AsyncSettings.TRACE_ID);
            HelidonMdc.remove(AsyncSettings.SPAN_ID);
            // The route template is known once routing chose the route; the raw path is never the span's name.
            req.matchingPattern().filter(p -> !p.isEmpty()).ifPresent(route -> {
                String template = route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1)
                        : route;
                span.setAttribute(ROUTE, template);
                span.updateName(method + " " + template);
            });
            int status = res.status().code();
            span.setAttribute(STATUS, (long) status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }

    /** Exports what is still buffered (bounded), then stops the exporter. */
    @Override
    public void close() {
        provider.forceFlush().join(5, TimeUnit.SECONDS);
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
