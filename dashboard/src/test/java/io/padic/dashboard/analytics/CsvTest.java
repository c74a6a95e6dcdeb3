package io.padic.dashboard.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What a spreadsheet opening a downloaded chart reads: one field per value, whatever the value holds. */
class CsvTest {

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndQuotesDoubled() {
        String csv = new Csv().row("bucket", "a,b", "say \"hi\"", "two\nlines", 3L, 0.5, null).toString();
        assertEquals("bucket,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",3,0.5,\r\n", csv);
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsWrittenAsText() {
        String csv = new Csv().row(Arrays.asList("=HYPERLINK(\"x\")", "+1", "@SUM(A1)", -7L, -0.25)).toString();
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\",'+1,'@SUM(A1),-7,-0.25\r\n", csv);
    }

    @Test
    void numbersAreWrittenPlainly() {
        assertEquals("1", Csv.number(1.0));
        assertEquals("0.5333", Csv.number(8 / 15.0));
        assertEquals("93600", Csv.number(93_600.0));
    }
}
