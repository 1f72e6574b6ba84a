package io.celeris.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One configured Jackson mapper: snake_case, strict reading, bounded nesting and lengths. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxStringLength(64 * 1024)
                .maxNumberLength(64)
                .build());
    }

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a request body that must be one JSON object. It takes text, decoded strictly by
     * {@link RequestBodies}, never bytes: Jackson's byte parser accepts overlong UTF-8 and guesses UTF-16/32.
     *
     * @throws ProblemException 400 when it is not
     */
    static JsonNode readObject(String body) {
        if (body.isEmpty()) {
            throw ProblemException.badBody("a JSON object is required");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ProblemException.badBody("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.badBody("a JSON object is required");
        }
        return node;
    }

    static Map<String, Object> problemBody(Problem p) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", p.type());
        body.put("title", p.title());
        body.put("status", p.status().code());
        body.put("detail", p.detail());
        if (p.instance() != null) {
            body.put("instance", p.instance());
        }
        if (!p.errors().isEmpty()) {
            body.put("errors", p.errors());
        }
        return body;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        // Jackson appends the source location and a snippet of the input; the first line is the cause.
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
