package io.celeris.bootstrap.logging;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The message and a newline, nothing else: for records whose message already is the whole line, as the access
 * log's are (text or JSON, built by the HTTP filter). A thrown exception, which an access record never has,
 * follows on the next lines rather than being lost.
 */
public class MessageOnlyFormatter extends Formatter {

    @Override
    public String format(LogRecord r) {
        String line = formatMessage(r) + "\n";
        return r.getThrown() == null ? line : line + LogLines.stackTrace(r.getThrown());
    }
}
