package io.padic.api.audit;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Audit entries as CSV (RFC 4180): a header line, then one line per entry, CRLF after each; a field holding a
 * comma, quote or line break is quoted with its quotes doubled. A text that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe: names and e-mails are
 * chosen by users, and an export is opened by someone else.
 */
public final class AuditCsv {

    public static final String HEADER = line(List.of("number", "at", "action", "actorKind", "actorId", "actorName",
            "address", "targetKind", "targetId", "targetName", "projectId", "details"));

    private AuditCsv() {
    }

    public static String row(AuditEntry e) {
        Target t = e.target();
        return line(List.of(Long.toString(e.number()), e.at().toString(), text(e.action()),
                text(e.actor().kind()), text(e.actor().id()), text(e.actor().name()), text(e.address()),
                t == null ? "" : text(t.kind()), t == null ? "" : text(t.id()), t == null ? "" : text(t.name()),
                t == null ? "" : text(t.projectId()), text(details(e.details()))));
    }

    /** Details as {@code name=value} pairs separated by {@code "; "}, in the order they were recorded. */
    static String details(Map<String, String> details) {
        return details.entrySet().stream().map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining("; "));
    }

    /** A text field made safe for spreadsheets: see the class comment. Numbers and times are written as they are. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private static String line(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quoted(fields.get(i)));
        }
        return out.append("\r\n").toString();
    }

    private static String quoted(String field) {
        if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
