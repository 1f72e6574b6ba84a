package io.celeris.bootstrap;

import io.celeris.bootstrap.logging.AsyncSettings;
import io.helidon.config.Config;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Traces, only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} ({@code otel.exporter.otlp.endpoint}) or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is set: one OpenTelemetry SDK per instance, configured by the standard
 * {@code OTEL_*} variables, exporting spans over OTLP/HTTP (protobuf) to {@code <endpoint>/v1/traces}, a
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
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");
    private static final String OTHER_METHOD = "_OTHER";

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

    private static final String HTTP_PROTOBUF = "http/protobuf";
    private static final String ENDPOINT = "otel.exporter.otlp.endpoint";
    private static final String TRACES_ENDPOINT = "otel.exporter.otlp.traces.endpoint";
    /** What this service decides, whatever the environment says: spans over OTLP, W3C trace context, nothing else. */
    private static final Map<String, String> FIXED = Map.of(
            "otel.traces.exporter", "otlp",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none",
            "otel.propagators", "tracecontext");

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        this.tracer = sdk.getTracer(SCOPE);
    }

    /**
     * @param config the root configuration
     * @return whether {@link #start} traces: an OTLP endpoint is set
     */
    static boolean configured(Config config) {
        return configured(properties(config.get("otel")));
    }

    private static boolean configured(Map<String, String> properties) {
        return properties.containsKey(ENDPOINT) || properties.containsKey(TRACES_ENDPOINT);
    }

    /**
     * The SDK is built by OpenTelemetry's own autoconfiguration (the standard {@code OTEL_*} variables: headers,
     * protocol, timeout, compression, resource attributes, sampler, batch settings), fed from our configuration's
     * {@code otel} section so that application.yaml, the documented variables and system properties all apply.
     * What this service decides is fixed on top: spans only (metrics and logs exporters off), W3C trace context,
     * nothing registered globally, no shutdown hook (the application closes it).
     *
     * @param config the configuration ({@code otel.*})
     * @return tracing when an OTLP endpoint ({@code otel.exporter.otlp.endpoint} or
     *         {@code otel.exporter.otlp.traces.endpoint}) is configured, else empty (no spans, no cost)
     * @throws IllegalStateException when a tracing setting is invalid (unknown protocol, malformed headers, ...):
     *         the start stops naming it rather than running without the traces the operator asked for
     */
    static Optional<Tracing> start(Config config) {
        Map<String, String> properties = properties(config.get("otel"));
        if (!configured(properties)) {
            return Optional.empty();
        }
        properties.putAll(FIXED);
        String protocol = properties.getOrDefault("otel.exporter.otlp.traces.protocol",
                properties.getOrDefault("otel.exporter.otlp.protocol", HTTP_PROTOBUF));
        // gRPC needs a sender this build does not carry (the JDK sender speaks OTLP/HTTP); the library's own error
        // names a jar, while what the operator can change is the value.
        boolean grpc = ServiceLoader.load(GrpcSenderProvider.class).findFirst().isPresent();
        if (!protocol.equals(HTTP_PROTOBUF) && !(grpc && protocol.equals("grpc"))) {
            throw new IllegalStateException("tracing: OTEL_EXPORTER_OTLP_PROTOCOL (otel.exporter.otlp.protocol) is '"
                    + protocol + "'; the supported value" + (grpc ? "s are grpc and " : " is ") + HTTP_PROTOBUF);
        }
        // OpenTelemetry takes a negative duration here and fails every export with it (a SEVERE line per batch):
        // no traces, though the operator asked for them.
        for (String key : List.of("otel.exporter.otlp.timeout", "otel.exporter.otlp.traces.timeout")) {
            String value = properties.get(key);
            if (value != null && value.startsWith("-")) {
                throw new IllegalStateException("tracing: " + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_')
                        + " (" + key + ") must not be negative, not " + value);
            }
        }
        OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesCustomizer(ignored -> properties)
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
        } catch (ConfigurationException e) {
            // Some causes are wrapped in "Unexpected configuration error": the inner message names the value.
            String cause = e.getCause() == null || e.getCause().getMessage() == null ? ""
                    : ": " + e.getCause().getMessage();
            throw new IllegalStateException("tracing: invalid OpenTelemetry setting (OTEL_* variables, otel.* keys): "
                    + e.getMessage() + cause, e);
        }
        LOG.info(() -> "tracing: spans exported over OTLP (" + protocol + ") to "
                + properties.getOrDefault(TRACES_ENDPOINT, properties.get(ENDPOINT) + " (/v1/traces)"));
        return Optional.of(new Tracing(sdk));
    }

    /** The {@code otel} section as OpenTelemetry properties ({@code otel.exporter.otlp.endpoint}...); empty = unset. */
    private static Map<String, String> properties(Config otel) {
        var properties = new HashMap<String, String>();
        otel.traverse().filter(Config::hasValue).forEach(node -> node.asString().asOptional().map(String::strip)
                .filter(v -> !v.isEmpty()).ifPresent(v -> properties.put(node.key().toString(), v)));
        return properties;
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
        String text = req.prologue().method().text();
        String method = METHODS.contains(text) ? text : OTHER_METHOD;
        Span span = serverSpan(method, req.headers()).setAttribute(PATH, req.path().rawPath()).startSpan();
        var ids = span.getSpanContext();
        HelidonMdc.set(AsyncSettings.TRACE_ID, ids.getTraceId());
        HelidonMdc.set(AsyncSettings.SPAN_ID, ids.getSpanId());
        try (Scope ignored = span.makeCurrent()) {
            chain.proceed();
        } catch (CloseConnectionException e) {
            // Not a failure: the answer is out, and the connection is to close after it (Connection: close, a chunked
            // request, a shutdown); the status decides, as for any answer.
            throw e;
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
                span.updateName(method.equals(OTHER_METHOD) ? "HTTP" : method + " " + template);
            });
            // The error handlers (404, 409, 503...) have answered by now, inside chain.proceed().
            end(span, res.status().code());
        }
    }

    /**
     * The connection layer's answers, given before routing (400 for malformed HTTP, 413, 414, 431, 505): a server
     * span each, in the client's trace when its {@code traceparent} was read before the failure, with the status
     * the handler answered; its ids are in the MDC while the handler writes (and logs) the answer. Named by the
     * method alone: no route was chosen, and the path may be what was wrong (414), so it is not recorded.
     *
     * @param handlers the handlers that write those answers
     * @return the same handlers, each answer a span
     */
    DirectHandlers spanning(DirectHandlers handlers) {
        var builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            DirectHandler delegate = handlers.handler(type);
            builder.addHandler(type, (request, event, status, headers, message) -> {
                String method = METHODS.contains(request.method()) ? request.method() : OTHER_METHOD;
                Span span = serverSpan(method, request.headers()).startSpan();
                var ids = span.getSpanContext();
                HelidonMdc.set(AsyncSettings.TRACE_ID, ids.getTraceId());
                HelidonMdc.set(AsyncSettings.SPAN_ID, ids.getSpanId());
                int answered = status.code();
                try (Scope ignored = span.makeCurrent()) {
                    DirectHandler.TransportResponse response = delegate.handle(request, event, status, headers,
                            message);
                    answered = response.status().code();
                    return response;
                } finally {
                    HelidonMdc.remove(AsyncSettings.TRACE_ID);
                    HelidonMdc.remove(AsyncSettings.SPAN_ID);
                    end(span, answered);
                }
            });
        }
        return builder.build();
    }

    /** A server span named by the method, child of the client's W3C context when it sent a valid one. */
    private SpanBuilder serverSpan(String method, Headers headers) {
        // An absent or malformed traceparent gives the root context: the request starts a trace of its own.
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
        // OpenTelemetry's HTTP conventions: an unknown method is "_OTHER" and the span is named "HTTP".
        return tracer.spanBuilder(method.equals(OTHER_METHOD) ? "HTTP" : method)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method);
    }

    private static void end(Span span, int status) {
        span.setAttribute(STATUS, (long) status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** Exports what is still buffered (bounded), then stops the exporter. */
    @Override
    public void close() {
        sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
        sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
}
