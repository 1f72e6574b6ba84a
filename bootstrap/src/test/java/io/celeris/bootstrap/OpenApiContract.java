package io.celeris.bootstrap;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.helidon.http.Header;
import io.helidon.webclient.api.WebClientServiceResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.spi.WebClientService;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OpenAPI document ({@code META-INF/openapi.yaml}) as a test oracle: every response a contract test receives
 * is checked against it, status, headers and body, by Atlassian's swagger-request-validator. A response the
 * document does not describe fails the test that received it.
 *
 * <p>Two kinds of answer have no operation to be checked against, by nature: a path the document does not
 * have (404) and a method a documented path does not serve (405). Those must be problem+json of exactly that
 * status, with {@code X-Request-Id}, and their body must match the document's {@code Problem} schema.
 */
public final class OpenApiContract {

    /** The benchmark switch: deliberately not part of the document (see its info.description). */
    private static final Set<String> NOT_API = Set.of("/bench/ceiling");
    private static final String PROBLEM_JSON = "application/problem+json";

    private static final OpenApiContract INSTANCE = new OpenApiContract(load());

    private final OpenAPI api;
    private final OpenApiInteractionValidator validator;
    private final SchemaValidator schemas;
    private final AtomicInteger validated = new AtomicInteger();

    private OpenApiContract(String yaml) {
        var options = new ParseOptions();
        options.setResolve(true);
        this.api = new OpenAPIV3Parser().readContents(yaml, null, options).getOpenAPI();
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(yaml)
                // The servers entry is a template ({scheme}://{host}:{port}); paths are at the root.
                .withBasePathOverride("/")
                // allOf [Problem, {type enum, status enum}] is one schema, not two to match each strictly.
                .withResolveCombinators(true)
                .build();
        this.schemas = new SchemaValidator(api, new MessageResolver());
    }

    /**
     * @return the contract of the document on the classpath
     */
    public static OpenApiContract get() {
        return INSTANCE;
    }

    /**
     * @param yaml a document
     * @return a contract of that document (for tests of the oracle itself)
     */
    static OpenApiContract of(String yaml) {
        return new OpenApiContract(yaml);
    }

    static String load() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream("META-INF/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/openapi.yaml is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param port a server on 127.0.0.1
     * @return a client whose every response is validated (an {@link AssertionError} from the call if not valid)
     */
    public static Http1Client client(int port) {
        return Http1Client.builder()
                .baseUri("http://127.0.0.1:" + port)
                .addService(INSTANCE.service())
                .build();
    }

    /**
     * @return how many responses this contract has validated
     */
    public int validated() {
        return validated.get();
    }

    /** A client service that reads each response whole, validates it, and hands the same bytes on. */
    WebClientService service() {
        return (chain, request) -> {
            WebClientServiceResponse response = chain.proceed(request);
            byte[] body;
            try {
                body = response.inputStream().isPresent() ? response.inputStream().get().readAllBytes() : new byte[0];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var headers = new LinkedHashMap<String, List<String>>();
            for (Header h : response.headers()) {
                headers.put(h.name(), h.allValues());
            }
            // A request sent with skipUriEncoding keeps its query inside the raw path (as %3F): the path is what precedes it.
            String path = request.uri().path().rawPath();
            int query = path.indexOf("%3F");
            assertValid(request.method().text(), query < 0 ? path : path.substring(0, query), response.status().code(),
                    headers, body);
            return WebClientServiceResponse.builder(response).inputStream(new ByteArrayInputStream(body)).build();
        };
    }

    /**
     * Fails unless the document describes this response to this request.
     *
     * @param method  request method
     * @param path    request path, raw
     * @param status  response status
     * @param headers response headers (names in any case)
     * @param body    response body, possibly empty
     */
    public void assertValid(String method, String path, int status, Map<String, List<String>> headers, byte[] body) {
        List<String> problems = problems(method, path, status, headers, body);
        if (!problems.isEmpty()) {
            throw new AssertionError("the response to " + method + " " + path + " (" + status + ") does not follow "
                    + "META-INF/openapi.yaml:\n  " + String.join("\n  ", problems)
                    + "\n  body: " + new String(body, StandardCharsets.UTF_8));
        }
    }

    /**
     * @return what is wrong with this response by the document; empty if nothing
     */
    List<String> problems(String method, String path, int status, Map<String, List<String>> headers, byte[] body) {
        validated.incrementAndGet();
        var problems = new ArrayList<String>();
        if (NOT_API.contains(path)) {
            requestId(headers, problems);
            return problems;
        }
        var builder = SimpleResponse.Builder.status(status);
        headers.forEach(builder::withHeader);
        String contentType = first(headers, "Content-Type");
        if (contentType != null) {
            builder.withContentType(contentType);
        }
        if (body.length > 0) {
            builder.withBody(body);
        }
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)),
                builder.build());
        boolean noOperation = report.getMessages().stream().anyMatch(m -> m.getKey().equals("validation.request.path.missing")
                || m.getKey().equals("validation.request.operation.notAllowed"));
        if (noOperation) {
            // No operation to check against: only the router's own answers are allowed here.
            requestId(headers, problems);
            if (status == 405 && first(headers, "Allow") == null) {
                problems.add("a 405 without Allow");
            }
            problems.addAll(routerAnswer(status, contentType, body));
            return problems;
        }
        if (report.hasErrors()) {
            problems.add(SimpleValidationReportFormat.getInstance().apply(report).trim());
        }
        return problems;
    }

    private List<String> routerAnswer(int status, String contentType, byte[] body) {
        var problems = new ArrayList<String>();
        if (status != 404 && status != 405) {
            problems.add("an undocumented path or method answered " + status + "; only 404 or 405 may");
        }
        if (contentType == null || !contentType.startsWith(PROBLEM_JSON)) {
            problems.add("an undocumented path or method answered " + contentType + ", not " + PROBLEM_JSON);
            return problems;
        }
        @SuppressWarnings("rawtypes")
        Schema problem = api.getComponents().getSchemas().get("Problem");
        ValidationReport report = schemas.validate(new String(body, StandardCharsets.UTF_8), problem, "response.body");
        if (report.hasErrors()) {
            problems.add(SimpleValidationReportFormat.getInstance().apply(report).trim());
        }
        return problems;
    }

    private static void requestId(Map<String, List<String>> headers, List<String> problems) {
        if (first(headers, "X-Request-Id") == null) {
            problems.add("no X-Request-Id (every response carries one)");
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }
}
