package io.celeris.adapter.http;

/**
 * The access log: one line per request, through JUL logger {@value RequestContextFilter#ACCESS_LOGGER}.
 *
 * @param enabled whether lines are written
 * @param json    JSON lines instead of text
 */
public record AccessLogSettings(boolean enabled, boolean json) {

    /** Text lines, on. */
    public static final AccessLogSettings TEXT = new AccessLogSettings(true, false);
    /** No access log. */
    public static final AccessLogSettings OFF = new AccessLogSettings(false, false);
}
