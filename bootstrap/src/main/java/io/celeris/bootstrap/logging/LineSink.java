package io.celeris.bootstrap.logging;

import java.util.logging.Level;

/**
 * A delegate that can take a whole line without a {@link java.util.logging.LogRecord}: what the access log logs
 * (its message is the line) goes to it as it is, and the writer builds no record for it. A delegate handler
 * implements it next to {@link java.util.logging.Handler}; {@link AsyncHandler} uses it when it can.
 */
public interface LineSink {

    /**
     * @param level the record's level
     * @param line  the record's message, a line without its newline, with no parameters, exception or bundle
     * @return whether the line was taken; false when this delegate would format such a record otherwise (another
     *         formatter, a filter, a level that does not pass): the writer then publishes a record instead
     */
    boolean writeLine(Level level, String line);
}
