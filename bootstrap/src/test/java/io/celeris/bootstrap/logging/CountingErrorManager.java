package io.celeris.bootstrap.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.ErrorManager;

/** Keeps what a handler reports instead of printing the first report to stderr. */
final class CountingErrorManager extends ErrorManager {

    final List<String> reports = new CopyOnWriteArrayList<>();

    @Override
    public void error(String msg, Exception ex, int code) {
        reports.add(code + " " + msg + (ex == null ? "" : " " + ex));
    }
}
