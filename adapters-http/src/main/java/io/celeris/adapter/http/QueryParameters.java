package io.celeris.adapter.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query of a request, decoded strictly: {@code name=value} pairs split on {@code &}, {@code +} read
 * as a space, percent-escapes read as UTF-8 bytes that must form valid UTF-8. Helidon's own decoding
 * turns an invalid sequence (an overlong {@code %C0%AF}, a lone {@code %FF}) into U+FFFD and goes on;
 * here it is a 400 {@code invalid-parameter}, so no value is ever something the client did not send.
 */
final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * @param rawQuery the query as sent, without the {@code ?}; may be empty
     * @return the decoded parameters, in the order they came
     * @throws ProblemException 400 {@code invalid-parameter} when an escape is malformed or the bytes are not UTF-8
     */
    static QueryParameters parse(String rawQuery) {
        var values = new LinkedHashMap<String, List<String>>();
        int start = 0;
        int length = rawQuery.length();
        while (start <= length) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String name = decode(rawQuery, start, hasValue ? eq : end, null);
                List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>(1));
                // "?limit" (no "=") is the parameter with no value: present, and refused as not given once.
                if (hasValue) {
                    list.add(decode(rawQuery, eq + 1, end, name));
                }
            }
            start = end + 1;
        }
        return new QueryParameters(values);
    }

    Set<String> names() {
        return values.keySet();
    }

    boolean contains(String name) {
        return values.containsKey(name);
    }

    /**
     * @param name a parameter name
     * @return its one value
     * @throws ProblemException 400 when it is missing, has no value or is given more than once
     */
    String single(String name) {
        List<String> all = values.getOrDefault(name, List.of());
        if (all.size() != 1) {
            // Present without "=" (as "?limit") it holds no value; the parameter is only asked for when present.
            throw ProblemException.badParameter(name, all.isEmpty() ? "must have a value (name=value)"
                    : "must be given once");
        }
        return all.getFirst();
    }

    private static String decode(String raw, int from, int to, String parameter) {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            char c = raw.charAt(i);
            plain = c != '%' && c != '+';
        }
        if (plain) {
            return raw.substring(from, to);
        }
        var bytes = ByteBuffer.allocate((to - from) * 3);
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < to ? hex(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hex(raw.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw malformed(parameter, "has a '%' that is not followed by two hexadecimal digits");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c == '+') {
                bytes.put((byte) ' ');
            } else {
                // Helidon has already refused request targets with characters outside the URI grammar; a char
                // here is ASCII, but encode it anyway so that nothing depends on that.
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed(parameter, "is not valid UTF-8 once percent-decoded");
        }
    }

    /** An ASCII hexadecimal digit's value, else -1 (Character.digit would also take other scripts' digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static ProblemException malformed(String parameter, String rule) {
        if (parameter == null) {
            return new ProblemException(io.helidon.http.Status.BAD_REQUEST_400, "invalid-parameter",
                    "Invalid query parameter", "a query parameter name " + rule);
        }
        return ProblemException.badParameter(parameter, rule);
    }
}
