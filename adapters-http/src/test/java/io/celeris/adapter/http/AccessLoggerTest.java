package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The access log's logger hands a record to the same handlers, under the same rules, as JUL's own logger. */
class AccessLoggerTest {

    private static final class Collecting extends Handler {
        final List<String> messages = new ArrayList<>();

        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                messages.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static LogRecord info(String message) {
        return new LogRecord(Level.INFO, message);
    }

    /** Registered under a name of its own, below a parent with a handler. */
    private static AccessLogger registered(String parentName, Handler parentHandler) {
        Logger parent = Logger.getLogger(parentName);
        parent.setUseParentHandlers(false);
        parent.addHandler(parentHandler);
        var logger = new AccessLogger(parentName + ".access");
        assertThat(LogManager.getLogManager().addLogger(logger)).isTrue();
        assertThat(logger.getParent()).isSameAs(parent);
        return logger;
    }

    @Test
    void handlersAddedAndRemovedAtAnyTimeGetTheRecordsOfTheirTime() {
        var atParent = new Collecting();
        String parentName = "celeris.test." + UUID.randomUUID().toString().replace("-", "");
        AccessLogger logger = registered(parentName, atParent);
        logger.setUseParentHandlers(false);
        var first = new Collecting();
        var second = new Collecting();

        logger.log(info("nobody"));
        logger.addHandler(first);
        logger.log(info("one"));
        logger.addHandler(second);
        logger.log(info("two"));
        logger.removeHandler(first);
        logger.log(info("three"));

        assertThat(first.messages).containsExactly("one", "two");
        assertThat(second.messages).containsExactly("two", "three");
        assertThat(logger.getHandlers()).containsExactly(second);
        assertThat(atParent.messages).isEmpty();
    }

    @Test
    void theLevelTheFilterAndTheParentsHandlersAreJulsRules() {
        var atParent = new Collecting();
        String parentName = "celeris.test." + UUID.randomUUID().toString().replace("-", "");
        AccessLogger logger = registered(parentName, atParent);
        var own = new Collecting();
        logger.addHandler(own);

        logger.setUseParentHandlers(true);
        logger.log(info("to both"));
        logger.setLevel(Level.WARNING);
        logger.log(info("below the level"));
        logger.setLevel(Level.INFO);
        logger.setFilter(r -> !r.getMessage().startsWith("filtered"));
        logger.log(info("filtered out"));
        logger.setFilter(null);
        logger.setUseParentHandlers(false);
        logger.log(info("own only"));

        assertThat(own.messages).containsExactly("to both", "own only");
        assertThat(atParent.messages).containsExactly("to both");
        // The same sequence through JUL's own logger, for comparison: the same records reach the same places.
        var julParent = new Collecting();
        String julParentName = "celeris.test." + UUID.randomUUID().toString().replace("-", "");
        Logger julParentLogger = Logger.getLogger(julParentName);
        julParentLogger.setUseParentHandlers(false);
        julParentLogger.addHandler(julParent);
        Logger jul = Logger.getLogger(julParentName + ".access");
        var julOwn = new Collecting();
        jul.addHandler(julOwn);
        jul.setUseParentHandlers(true);
        jul.log(info("to both"));
        jul.setLevel(Level.WARNING);
        jul.log(info("below the level"));
        jul.setLevel(Level.INFO);
        jul.setFilter(r -> !r.getMessage().startsWith("filtered"));
        jul.log(info("filtered out"));
        jul.setFilter(null);
        jul.setUseParentHandlers(false);
        jul.log(info("own only"));
        assertThat(julOwn.messages).isEqualTo(own.messages);
        assertThat(julParent.messages).isEqualTo(atParent.messages);
    }

    @Test
    void theAccessLogsLoggerIsTheOneRegisteredUnderItsName() {
        // Whichever was registered first (this kind, or JUL's if a test made it before), the access log uses it.
        assertThat(AccessLogger.get()).isSameAs(Logger.getLogger(AccessLog.LOGGER));
    }
}
