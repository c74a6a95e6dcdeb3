package io.padic.bench.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The in-process half of the schema benchmark runs on bench's own classpath (platform-api's classes come as a
 * plain dependency): a short run validates the benchmark's samples and prints its RESULT line.
 */
class ValidationCostTest {

    @Test
    void timesTheValidatorOnTheBenchmarksSamples() throws Exception {
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(SchemaCostBenchmark.microInput().getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            ValidationCost.main(new String[] {"0.01", "1"});
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.startsWith("RESULT order_us="), output);
    }
}
