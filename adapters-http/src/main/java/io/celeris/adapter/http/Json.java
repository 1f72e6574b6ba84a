package io.celeris.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One configured Jackson mapper: snake_case, strict reading, bounded nesting and lengths. */
final class Json {

    private static final int MAX_DEPTH = 32;
    private static final int MAX_STRING_LENGTH = 64 * 1024;
    private static final int MAX_NUMBER_LENGTH = 64;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
    }

    private Json() {
    }

    /**
     * Problem bodies echo a client's text (a parameter's name, a sort key): JSON needs only C0 controls escaped, but
     * DEL, the C1 controls (U+0085 NEL, U+009B CSI: a terminal's 8-bit escape) and U+2028/U+2029 are escaped too, so
     * whoever prints a detail prints what the client sent, not what it would do to a terminal.
     */
    private static final ObjectWriter WRITER = MAPPER.writer().with(new CharacterEscapes() {
        private final int[] ascii = ascii();

        private static int[] ascii() {
            int[] codes = CharacterEscapes.standardAsciiEscapesForJSON();
            codes[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
            return codes;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch >= 0x80 && ch <= 0x9F || ch == 0x2028 || ch == 0x2029
                    ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    });

    static byte[] write(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
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
        } catch (JsonProcessingException e) {
            // readTree(String) throws nothing else: the text is already in memory.
            throw ProblemException.badBody(describe(e));
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

    /**
     * What is wrong with a body Jackson could not read, in the API's words: Jackson's own messages name its classes
     * and features ({@code StreamReadConstraints.getMaxNestingDepth()}, {@code enable JsonReadFeature...}), which
     * a client cannot act on and need not know.
     *
     * @param e Jackson's failure
     * @return "malformed JSON: " and the cause, with the line and column where Jackson knows them
     */
    static String describe(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String cause;
        if (e instanceof StreamConstraintsException) {
            cause = m.startsWith("Document nesting depth") ? "nested deeper than " + MAX_DEPTH + " levels"
                    : m.startsWith("Number value length") ? "a number longer than " + MAX_NUMBER_LENGTH + " characters"
                    : m.startsWith("String value length") ? "a string longer than " + MAX_STRING_LENGTH + " characters"
                    : "over a limit of this API";
        } else if (m.startsWith("Trailing token")) {
            cause = "more content after the JSON value";
        } else if (m.startsWith("Duplicate field")) {
            cause = m.replace("Duplicate field", "field").concat(" given twice");
        } else {
            cause = firstClause(m);
        }
        var at = e.getLocation();
        return "malformed JSON: " + cause
                + (at != null && at.getLineNr() > 0 ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "");
    }

    /**
     * Jackson's syntax messages start with what it met and what it expected ("Unexpected character ('}' (code
     * 125)): was expecting double-quote to start field name"), then may go on with advice naming its features or
     * echo the source: only the first part is kept.
     */
    private static String firstClause(String message) {
        String line = firstLine(message);
        int cut = line.length();
        for (String tail : new String[] {": enable", " (for ", " (not recognized", " (start marker at", " at [Source",
            "; enable", " [Source"}) {
            int i = line.indexOf(tail);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        String kept = line.substring(0, cut).replace('`', '\'');
        return kept.isBlank() ? "unreadable" : kept;
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
