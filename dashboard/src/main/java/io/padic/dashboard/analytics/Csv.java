package io.padic.dashboard.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chart's figures as CSV (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled, lines
 * end with CRLF. A text field that a spreadsheet would run as a formula (starting with =, +, - or @) gets a leading
 * apostrophe; numbers are written as they are.
 */
public final class Csv {

    private final List<String> lines = new ArrayList<>();

    /** One row: {@link Number}s as numbers, anything else as text (null as an empty field). */
    public Csv row(List<?> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        lines.add(line.toString());
        return this;
    }

    public Csv row(Object... fields) {
        return row(Arrays.asList(fields)); // not List.of: fields may be null
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number number) {
            return number(number);
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /** Whole numbers without a decimal point; others with up to 4 decimals, no trailing zeros. */
    static String number(Number number) {
        double value = number.doubleValue();
        if (number instanceof Long || number instanceof Integer
                || value == Math.rint(value) && !Double.isInfinite(value)) {
            return Long.toString(Math.round(value));
        }
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
