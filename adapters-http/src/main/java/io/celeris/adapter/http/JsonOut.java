package io.celeris.adapter.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * A JSON text written straight into UTF-8 bytes, for the API's own hot representations (a user, a page of them):
 * no generator, no per-value String for ids and instants. It writes what Jackson's generator writes for the same
 * values (no whitespace; strings escaped as Jackson escapes them: {@code \"}, {@code \\}, {@code \b \f \n \r \t},
 * other C0 controls and both halves of a character outside the BMP as six-character Unicode escapes in upper-case
 * hex, everything else as UTF-8), which {@code UserJsonTest}, {@code PageJsonTest} and {@code JsonOutTest} hold it
 * to. One difference: a lone surrogate, which Jackson refuses to write, is escaped the same way (the domain's text
 * types never hold one). A page of 20 users takes 3.8 µs written this way, 8.1 through Jackson's generator (JMH,
 * {@code PageJsonCost}).
 *
 * <p>The caller writes the punctuation ({@link #raw}) itself, with the field names: each shape is written by one
 * method ({@link UserJson}, {@link PageJson}) that reads like the document.
 */
final class JsonOut {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Each byte's two lower-case hex digits, two bytes each: the high digit first. */
    private static final byte[] HEX_PAIRS = new byte[512];
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    /** For ASCII: 0 written as is, -1 as a Unicode escape, else the letter after the backslash. */
    private static final int[] ESCAPES = new int[128];

    static {
        byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int v = 0; v < 256; v++) {
            HEX_PAIRS[2 * v] = digits[v >> 4];
            HEX_PAIRS[2 * v + 1] = digits[v & 0xF];
        }
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
        ESCAPES['\t'] = 't';
    }

    private byte[] buf;
    private int size;

    /** @param capacity the first buffer's size; it grows as needed */
    JsonOut(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    /** The bytes of an ASCII token, for {@link #raw}. */
    static byte[] ascii(String token) {
        return token.getBytes(StandardCharsets.US_ASCII);
    }

    /** Punctuation and field names, as they are: {@code ,"name":}. */
    JsonOut raw(byte[] token) {
        ensure(token.length);
        System.arraycopy(token, 0, buf, size, token.length);
        size += token.length;
        return this;
    }

    /** A quoted string, escaped; {@code null} for null. */
    JsonOut string(String s) {
        if (s == null) {
            return raw(NULL);
        }
        int length = s.length();
        // Worst case: every char a six-byte escape; UTF-8 takes at most three bytes per char here.
        ensure(length * 6 + 2);
        byte[] b = buf;
        int at = size;
        b[at++] = '"';
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                int escape = ESCAPES[c];
                if (escape == 0) {
                    b[at++] = (byte) c;
                } else if (escape > 0) {
                    b[at++] = '\\';
                    b[at++] = (byte) escape;
                } else {
                    at = unicodeEscape(b, at, c);
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // Outside the BMP: each half escaped, as Jackson writes it (paired or not).
                at = unicodeEscape(b, at, c);
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[at++] = '"';
        size = at;
        return this;
    }

    private static int unicodeEscape(byte[] b, int at, char c) {
        b[at++] = '\\';
        b[at++] = 'u';
        b[at++] = HEX[(c >> 12) & 0xF];
        b[at++] = HEX[(c >> 8) & 0xF];
        b[at++] = HEX[(c >> 4) & 0xF];
        b[at++] = HEX[c & 0xF];
        return at;
    }

    /** A UUID as a quoted string, as {@link UUID#toString()} writes it. */
    JsonOut uuid(UUID id) {
        ensure(38);
        byte[] b = buf;
        int at = size;
        b[at++] = '"';
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        at = hex(b, at, msb >>> 32, 8);
        b[at++] = '-';
        at = hex(b, at, msb >>> 16, 4);
        b[at++] = '-';
        at = hex(b, at, msb, 4);
        b[at++] = '-';
        at = hex(b, at, lsb >>> 48, 4);
        b[at++] = '-';
        at = hex(b, at, lsb, 12);
        b[at++] = '"';
        size = at;
        return this;
    }

    /** The low {@code digits} (even) hex digits of {@code value}, lower case: a byte's two at a time. */
    private static int hex(byte[] b, int at, long value, int digits) {
        for (int i = at + digits - 2; i >= at; i -= 2) {
            int pair = 2 * (int) (value & 0xFF);
            b[i] = HEX_PAIRS[pair];
            b[i + 1] = HEX_PAIRS[pair + 1];
            value >>>= 8;
        }
        return at + digits;
    }

    /** An instant as a quoted RFC 3339 string in UTC, {@link Instant#toString()}'s text; {@code null} for null. */
    JsonOut instant(Instant t) {
        if (t == null) {
            return raw(NULL);
        }
        ensure(Rfc3339.MAX_UTC_LENGTH + 2);
        int end = Rfc3339.utc(t, buf, size + 1);
        if (end < 0) {
            return string(t.toString()); // a year outside 0000..9999
        }
        buf[size] = '"';
        buf[end] = '"';
        size = end + 1;
        return this;
    }

    /** A whole number. */
    JsonOut number(long value) {
        if (value == Long.MIN_VALUE) {
            return raw(ascii(Long.toString(value)));
        }
        ensure(20);
        byte[] b = buf;
        if (value < 0) {
            b[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int at = size + digits;
        for (int i = at - 1; i >= size; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size = at;
        return this;
    }

    JsonOut bool(boolean value) {
        return raw(value ? TRUE : FALSE);
    }

    JsonOut nullValue() {
        return raw(NULL);
    }

    /** The text written, in a new array of its exact length. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (buf.length - size < more) {
            // Overflow is out of reach: the bodies are bounded by the page size limit, far below 2 GiB.
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
