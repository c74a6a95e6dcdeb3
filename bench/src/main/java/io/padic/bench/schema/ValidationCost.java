package io.padic.bench.schema;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.eventtypes.EventTypeVersion;
import io.padic.api.eventtypes.EventValidator;
import io.padic.api.schemas.FieldSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToLongFunction;

/**
 * The in-process half of the schema validation benchmark ({@link SchemaCostBenchmark} runs it as a child JVM, in
 * a fresh heap after platform-api has stopped): times {@link EventValidator#validate} in a tight loop, after a
 * warm-up, for the 10-field {@code order} type and for the field-less {@code plain} type, on the same metaData the
 * HTTP phases send, and prints one {@code RESULT} line.
 *
 * <p>The benchmark owns the type and the metaData: it writes to this program's standard input the body of
 * {@code PUT /v1/projects/{id}/event-types/order} on the first line, then one metaData JSON per line.
 * Run by hand: {@code java -cp bench/target/padic-bench.jar io.padic.bench.schema.SchemaCostBenchmark --samples |
 * java -cp bench/target/padic-bench.jar io.padic.bench.schema.ValidationCost [seconds per round] [rounds]}. Its
 * two positional arguments are a child process's, written by the benchmark; they stay plain.
 */
public final class ValidationCost {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where each timed loop leaves a figure of its results, so that the JIT cannot drop the work. */
    private static volatile long sink;

    private ValidationCost() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        JsonNode orderType = JSON.readTree(in.readLine());
        String[] texts = in.lines().filter(line -> !line.isBlank()).toArray(String[]::new);
        if (texts.length == 0) {
            throw new IllegalArgumentException("no metaData lines on standard input after the type");
        }
        EventValidator validator = new EventValidator();
        EventTypeVersion order = version("order", orderType.get("unknownFields").asText(),
                JSON.convertValue(orderType.get("fields"), new TypeReference<List<FieldSpec>>() { }));
        EventTypeVersion plain = version("plain", "allow", new ArrayList<>());
        JsonNode[] samples = new JsonNode[texts.length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = JSON.readTree(texts[i]);
            EventValidator.Outcome outcome = validator.validate(order, samples[i]);
            if (!outcome.clean()) {
                throw new IllegalStateException("sample " + i + " is not valid: " + outcome);
            }
        }
        IntToLongFunction validateOrder = i -> validator.validate(order, samples[i % samples.length]).invalid().size();
        IntToLongFunction validatePlain = i -> validator.validate(plain, samples[i % samples.length]).invalid().size();
        // For scale: parsing the same metaData text into a tree, as platform-api does once per event.
        IntToLongFunction parse = i -> {
            try {
                return JSON.readTree(texts[i % texts.length]).size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        // Warm-up: both types, long enough for C2 to compile the validator's paths.
        for (int r = 0; r < 3; r++) {
            nanosPerCall(validateOrder, seconds);
            nanosPerCall(validatePlain, seconds);
        }
        double[] orderNs = new double[rounds];
        double[] plainNs = new double[rounds];
        double[] parseNs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            orderNs[r] = nanosPerCall(validateOrder, seconds);
            plainNs[r] = nanosPerCall(validatePlain, seconds);
            parseNs[r] = nanosPerCall(parse, seconds);
        }
        System.out.printf(Locale.ROOT, "RESULT order_us=%.2f plain_us=%.2f parse_us=%.2f order_min_us=%.2f "
                + "plain_min_us=%.2f rounds=%d seconds_per_round=%.1f metadata_bytes=%d%n",
                median(orderNs) / 1e3, median(plainNs) / 1e3, median(parseNs) / 1e3,
                Arrays.stream(orderNs).min().orElse(0) / 1e3, Arrays.stream(plainNs).min().orElse(0) / 1e3,
                rounds, seconds, texts[texts.length / 2].length());
    }

    /** Nanoseconds per call of {@code call} (given 0, 1, 2, ...) over about {@code seconds}, one thread. */
    private static double nanosPerCall(IntToLongFunction call, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        int count = 0;
        long results = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 256; i++) {
                results += call.applyAsLong(count++ & Integer.MAX_VALUE);
            }
        }
        sink = results;
        return (System.nanoTime() - start) / (double) count;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static EventTypeVersion version(String name, String unknownFields, List<FieldSpec> fields) {
        EventTypeVersion version = new EventTypeVersion();
        version.id = "bench/" + name + "/000001";
        version.projectId = "bench";
        version.name = name;
        version.version = 1;
        version.unknownFields = unknownFields;
        version.fields = fields;
        return version;
    }
}
