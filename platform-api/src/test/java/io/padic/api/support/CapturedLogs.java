package io.padic.api.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log record the app in this JVM writes while open, as the console would show it (message with its
 * parameters, and any stack trace). PAdic's own categories log down to DEBUG meanwhile; the others keep
 * the levels the app is configured with.
 */
public final class CapturedLogs extends Handler implements AutoCloseable {

    private static final String OWN_CATEGORY = "io.padic";

    private final Formatter formatter = new SimpleFormatter();
    private final List<String> lines = new ArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Logger own = Logger.getLogger(OWN_CATEGORY);
    private final Level ownLevel;

    private CapturedLogs() {
        setLevel(Level.ALL);
        ownLevel = own.getLevel();
        own.setLevel(Level.FINE);
        root.addHandler(this);
    }

    public static CapturedLogs start() {
        return new CapturedLogs();
    }

    @Override
    public synchronized void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLoggerName() + " " + formatter.formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    /** All captured records, one after the other. */
    public synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        own.setLevel(ownLevel);
    }
}
