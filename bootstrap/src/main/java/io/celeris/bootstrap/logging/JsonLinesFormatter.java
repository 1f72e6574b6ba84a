package io.celeris.bootstrap.logging;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line (JSON Lines), for machines:
 * {@code {"ts":"2026-11-25T18:36:00.123Z","level":"INFO","logger":"io.celeris...","thread":"main",
 * "request_id":"...","message":"...","exception":"java.lang...."}}. {@code request_id} and {@code exception} are
 * left out when there is none. {@code thread} and {@code request_id} are those of the thread that logged
 * (see {@link AsyncHandler}). Written by hand: the escaping is JSON's (RFC 8259), with lone surrogates escaped
 * so that the line stays valid UTF-8, and U+2028/U+2029 escaped for JavaScript readers.
 */
public class JsonLinesFormatter extends Formatter {

    @Override
    public String format(LogRecord r) {
        var b = new StringBuilder(256);
        b.append("{\"ts\":\"");
        LogLines.TIMESTAMP.formatTo(r.getInstant(), b);
        b.append('"');
        field(b, "level", r.getLevel().getName());
        field(b, "logger", r.getLoggerName());
        field(b, "thread", LogLines.thread(r));
        String requestId = LogLines.requestId(r);
        if (requestId != null) {
            field(b, "request_id", requestId);
        }
        field(b, "message", formatMessage(r));
        if (r.getThrown() != null) {
            field(b, "exception", LogLines.stackTrace(r.getThrown()));
        }
        return b.append("}\n").toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(",\"").append(name).append("\":");
        if (value == null) {
            b.append("null");
        } else {
            quote(b, value);
        }
    }

    /**
     * Appends a JSON string literal.
     *
     * @param b     where to append
     * @param value the text
     */
    static void quote(StringBuilder b, String value) {
        b.append('"');
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        hex(b, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                        b.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        hex(b, c);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void hex(StringBuilder b, char c) {
        b.append("\\u");
        String h = Integer.toHexString(c);
        b.append("0".repeat(4 - h.length())).append(h);
    }
}
