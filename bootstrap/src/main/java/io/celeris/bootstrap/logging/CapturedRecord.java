package io.celeris.bootstrap.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;

/**
 * A log record as it was on the thread that logged it, handed to the delegate by the writer thread of an
 * {@link AsyncHandler}: parameters already turned into text, plus what a formatter cannot find on the writer
 * thread, namely the caller's thread name and its MDC values. Formatters that know this class print them
 * ({@link TextLineFormatter}, {@link JsonLinesFormatter}); others still see the MDC, which the writer restores
 * while it publishes.
 */
public final class CapturedRecord extends LogRecord {

    private final String threadName;
    private final List<String> mdcKeys;
    private final String[] mdcValues;

    CapturedRecord(Snapshot b) {
        super(b.level(), b.message());
        setLoggerName(b.loggerName());
        setInstant(b.instant());
        setSequenceNumber(b.sequence());
        setLongThreadID(b.threadId());
        setThrown(b.thrown());
        setResourceBundle(b.bundle());
        setResourceBundleName(b.bundleName());
        setParameters(b.parameters());
        // Setting the source, even to null, stops LogRecord from walking the writer's stack for it.
        setSourceClassName(b.sourceClass());
        setSourceMethodName(b.sourceMethod());
        this.threadName = b.threadName() != null ? b.threadName() : "#" + b.threadId();
        this.mdcKeys = b.mdcKeys();
        this.mdcValues = b.mdcValues();
    }

    /**
     * @return the name of the thread that logged the record ({@code #id} for an unnamed one, as virtual
     *         threads usually are)
     */
    public String threadName() {
        return threadName;
    }

    /**
     * @param key an MDC key
     * @return its value on the logging thread when the record was logged, or null if it had none or the
     *         handler was not asked to capture that key
     */
    public String mdc(String key) {
        int i = mdcKeys.indexOf(key);
        return i < 0 ? null : mdcValues[i];
    }

    /**
     * @return the captured MDC entries that had a value
     */
    public Map<String, String> mdc() {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < mdcKeys.size(); i++) {
            if (mdcValues[i] != null) {
                map.put(mdcKeys.get(i), mdcValues[i]);
            }
        }
        return map;
    }

    List<String> mdcKeys() {
        return mdcKeys;
    }

    String[] mdcValues() {
        return mdcValues;
    }
}
