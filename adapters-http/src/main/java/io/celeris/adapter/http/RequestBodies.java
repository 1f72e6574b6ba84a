package io.celeris.adapter.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads a JSON request body as text, strictly. The {@code Content-Type} must be one
 * {@code application/json} (or {@code application/*+json}) media type, compared case-insensitively as
 * RFC 9110 says, with no charset but UTF-8 (RFC 8259 §8.1); anything else, an empty or malformed header
 * included, is a 415. The bytes must be valid UTF-8, decoded with a decoder that reports errors rather
 * than replacing them or, as Jackson's byte parser does, reading an overlong {@code C0 AF} as {@code /}:
 * invalid bytes are a 400 {@code invalid-body}. Decoding to text first also stops Jackson from guessing
 * UTF-16 or UTF-32 from the bytes.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * @param req the request
     * @return its body as text, empty when there is none
     * @throws ProblemException 415 for a missing or unsupported media type, 400 for bytes that are not UTF-8
     */
    static String json(ServerRequest req) {
        List<String> types = req.headers().contains(HeaderNames.CONTENT_TYPE)
                ? req.headers().get(HeaderNames.CONTENT_TYPE).allValues() : List.of();
        requireJson(types);
        return utf8(req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0]);
    }

    /**
     * @param contentTypes every value of the request's {@code Content-Type} header
     * @throws ProblemException 415 unless there is exactly one, and it is JSON in UTF-8
     */
    static void requireJson(List<String> contentTypes) {
        if (contentTypes.size() != 1) {
            throw unsupported(contentTypes.isEmpty() ? "send the body as application/json"
                    : "send one Content-Type: application/json");
        }
        MediaType type = MediaType.parse(contentTypes.getFirst());
        if (type == null) {
            throw unsupported("Content-Type is not a media type; send the body as application/json");
        }
        if (!type.type().equals("application") || !(type.subtype().equals("json") || type.subtype().endsWith("+json"))) {
            throw unsupported("send the body as application/json");
        }
        if (type.charset() != null && !type.charset().equals("utf-8")) {
            throw unsupported("JSON bodies are UTF-8; charset " + type.charset() + " is not supported");
        }
    }

    /**
     * @param body the bytes of a body
     * @return them as text
     * @throws ProblemException 400 {@code invalid-body} when they are not valid UTF-8
     */
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badBody("the body is not valid UTF-8");
        }
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-media-type", "Unsupported media type",
                detail);
    }

    /**
     * The parts of a media type that matter here, lower-cased.
     *
     * @param type    the type, e.g. {@code application}
     * @param subtype the subtype, e.g. {@code json}
     * @param charset the charset parameter's value, or null when there is none
     */
    record MediaType(String type, String subtype, String charset) {

        /**
         * RFC 9110 §8.3.1: {@code type "/" subtype *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )}.
         *
         * @param text a header value
         * @return the media type, or null when the text is not one
         */
        static MediaType parse(String text) {
            int[] at = {0};
            String type = token(text, at);
            if (type == null || at[0] >= text.length() || text.charAt(at[0]) != '/') {
                return null;
            }
            at[0]++;
            String subtype = token(text, at);
            if (subtype == null) {
                return null;
            }
            String charset = null;
            while (true) {
                skipSpace(text, at);
                if (at[0] == text.length()) {
                    return new MediaType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), charset);
                }
                if (text.charAt(at[0]) != ';') {
                    return null;
                }
                at[0]++;
                skipSpace(text, at);
                if (at[0] == text.length() || text.charAt(at[0]) == ';') {
                    continue;
                }
                String name = token(text, at);
                if (name == null || at[0] >= text.length() || text.charAt(at[0]) != '=') {
                    return null;
                }
                at[0]++;
                String value = at[0] < text.length() && text.charAt(at[0]) == '"' ? quoted(text, at) : token(text, at);
                if (value == null) {
                    return null;
                }
                if (name.equalsIgnoreCase("charset")) {
                    if (charset != null) {
                        return null;
                    }
                    charset = value.toLowerCase(Locale.ROOT);
                }
            }
        }

        private static String token(String text, int[] at) {
            int start = at[0];
            while (at[0] < text.length() && isTokenChar(text.charAt(at[0]))) {
                at[0]++;
            }
            return at[0] > start ? text.substring(start, at[0]) : null;
        }

        private static String quoted(String text, int[] at) {
            var sb = new StringBuilder();
            int i = at[0] + 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"') {
                    at[0] = i + 1;
                    return sb.toString();
                }
                if (c == '\\') {
                    if (++i == text.length()) {
                        return null;
                    }
                    c = text.charAt(i);
                }
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return null;
                }
                sb.append(c);
                i++;
            }
            return null;
        }

        private static void skipSpace(String text, int[] at) {
            while (at[0] < text.length() && (text.charAt(at[0]) == ' ' || text.charAt(at[0]) == '\t')) {
                at[0]++;
            }
        }

        /** RFC 9110 tchar. */
        private static boolean isTokenChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
