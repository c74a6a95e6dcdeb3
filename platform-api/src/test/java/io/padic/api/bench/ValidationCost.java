package io.padic.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.eventtypes.EventTypeVersion;
import io.padic.api.schemas.EventValidator;
import io.padic.api.schemas.FieldSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The in-process half of the schema validation benchmark (bench's {@code io.padic.bench.schema.SchemaCostBenchmark}
 * runs it as a child JVM): times {@link EventValidator#validate} in a tight loop, after a warm-up, for the
 * 10-field {@code order} type and for the field-less {@code plain} type, on the same metaData the HTTP phases
 * send, and prints one {@code RESULT} line. Not a test; lives under src/test only to see platform-api's classes.
 *
 * <p>Run by hand: {@code java -cp platform-api/target/test-classes:platform-api/target/classes:'platform-api/target/quarkus-app/lib/main/*'
 * io.padic.api.bench.ValidationCost [seconds per round] [rounds]}
 */
public final class ValidationCost {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ValidationCost() {
    }

    /** The 10 top-level fields of {@code order} (required and optional mixed; one object, one array). */
    public static List<FieldSpec> orderFields() {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(field("orderId", "string", true));
        fields.add(field("n", "integer", true));
        fields.add(field("status", "string", true));
        fields.add(field("amount", "number", true));
        fields.add(field("paid", "boolean", false));
        fields.add(field("placedAt", "timestamp", true));
        FieldSpec customer = field("customer", "object", true);
        customer.fields = List.of(field("id", "string", true), field("city", "string", false));
        fields.add(customer);
        FieldSpec tags = field("tags", "array", false);
        tags.items = new FieldSpec();
        tags.items.type = "string";
        fields.add(tags);
        fields.add(field("note", "string", false));
        fields.add(field("quantity", "integer", false));
        return fields;
    }

    /** The same text as bench's {@code SchemaCostBenchmark.metaData(n)}: valid against {@link #orderFields()}. */
    public static String metaDataJson(long n) {
        return "{\"orderId\":\"o-" + n + "\",\"n\":" + n
                + ",\"status\":\"" + (n % 3 == 0 ? "open" : n % 3 == 1 ? "paid" : "shipped") + "\""
                + ",\"amount\":" + (n % 10_000) / 100.0 + ",\"paid\":" + (n % 2 == 0)
                + ",\"placedAt\":\"2026-01-" + (10 + n % 20) + "T12:" + (10 + n % 50) + ":00Z\""
                + ",\"customer\":{\"id\":\"c-" + (n % 997) + "\",\"city\":\"Lyon\"}"
                + ",\"tags\":[\"bench\",\"t" + (n % 7) + "\"]"
                + ",\"note\":\"benchmark event with a short free-text note\",\"quantity\":" + (1 + n % 5) + "}";
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        EventValidator validator = new EventValidator();
        EventTypeVersion order = version("order", "reject", orderFields());
        EventTypeVersion plain = version("plain", "allow", new ArrayList<>());
        JsonNode[] samples = new JsonNode[1024];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = JSON.readTree(metaDataJson(i));
            EventValidator.Outcome outcome = validator.validate(order, samples[i]);
            if (!outcome.clean()) {
                throw new IllegalStateException("sample " + i + " is not valid: " + outcome);
            }
        }
        // Warm-up: both types, long enough for C2 to compile the validator's paths.
        for (int r = 0; r < 3; r++) {
            time(validator, order, samples, seconds);
            time(validator, plain, samples, seconds);
        }
        double[] orderNs = new double[rounds];
        double[] plainNs = new double[rounds];
        double[] parseNs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            orderNs[r] = time(validator, order, samples, seconds);
            plainNs[r] = time(validator, plain, samples, seconds);
            parseNs[r] = timeParse(seconds);
        }
        System.out.printf(Locale.ROOT, "RESULT order_us=%.2f plain_us=%.2f parse_us=%.2f order_min_us=%.2f "
                + "plain_min_us=%.2f rounds=%d seconds_per_round=%.1f metadata_bytes=%d%n",
                median(orderNs) / 1e3, median(plainNs) / 1e3, median(parseNs) / 1e3,
                Arrays.stream(orderNs).min().orElse(0) / 1e3, Arrays.stream(plainNs).min().orElse(0) / 1e3,
                rounds, seconds, metaDataJson(500).length());
    }

    /** Nanoseconds per validation over about {@code seconds}, one thread. */
    private static double time(EventValidator validator, EventTypeVersion type, JsonNode[] samples, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        int sink = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 256; i++) {
                sink += validator.validate(type, samples[(int) (count++ & (samples.length - 1))]).invalid().size();
            }
        }
        if (sink != 0) {
            throw new IllegalStateException(sink + " violations");
        }
        return (System.nanoTime() - start) / (double) count;
    }

    /** For scale: nanoseconds to parse the same metaData text into a tree, as platform-api does once per event. */
    private static double timeParse(double seconds) throws Exception {
        String[] texts = new String[1024];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = metaDataJson(i);
        }
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        int sink = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 256; i++) {
                sink += JSON.readTree(texts[(int) (count++ & (texts.length - 1))]).size();
            }
        }
        if (sink == 0) {
            throw new IllegalStateException();
        }
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

    private static FieldSpec field(String name, String type, boolean required) {
        FieldSpec field = new FieldSpec();
        field.name = name;
        field.type = type;
        field.required = required;
        return field;
    }
}
