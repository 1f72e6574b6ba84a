package io.celeris.bootstrap.logging;

import io.helidon.logging.jul.HelidonConsoleHandler;

/**
 * The {@link AsyncHandler} of the access log (logger {@code io.celeris.access}), a class of its own because JUL
 * configures handlers by class name: its properties are {@code io.celeris.bootstrap.logging.AsyncAccessLogHandler.*},
 * with the same keys as {@link AsyncHandler}'s, and its writer thread is {@code celeris-async-access-log}.
 *
 * <p>Its defaults differ in two ways. The record's message is the whole line (the HTTP filter builds it, text or
 * JSON), so the delegate's formatter is {@link MessageOnlyFormatter}. And the overflow policy is
 * {@link Overflow#BLOCK}: an access log is a record of every answered request, so under a sustained overload
 * the requests slow down to the speed of the disk rather than lose lines (set {@code overflow} to trade that).
 * Note that with {@code drop} the writer's "N log records dropped" line goes to the same place as the access
 * lines, and is not JSON.
 */
public final class AsyncAccessLogHandler extends AsyncHandler {

    /** Configured from the LogManager's {@code io.celeris.bootstrap.logging.AsyncAccessLogHandler.*} properties. */
    public AsyncAccessLogHandler() {
        super(PropertyConfig.read(AsyncAccessLogHandler.class.getName(),
                AsyncSettings.DEFAULTS.withOverflow(Overflow.BLOCK), HelidonConsoleHandler.class.getName(),
                MessageOnlyFormatter.class.getName()), "celeris-async-access-log");
    }
}
