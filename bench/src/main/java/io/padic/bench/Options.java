package io.padic.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The load tool's command line: what to run against, with how many clients, for how long. */
public record Options(
        int clients,
        Duration measure,
        Duration warmup,
        long requests,
        Store store,
        Threads threads,
        int objects,
        int batchSize,
        int warmObjects,
        int smallObjectEvents,
        int bigObjectEvents,
        int coldReads,
        int snapshotEvery,
        int setupClients,
        String trivialPath,
        Optional<Path> apiJar,
        Map<String, String> apiEnv,
        List<String> apiJvmArgs,
        Set<Phase> phases,
        boolean help) {

    /** The embedded store's backend: H2 file (what {@code ./padic up} runs) or memory (what tests run). */
    public enum Store { H2, MEMORY }

    /**
     * Groups of phases that can be chosen with {@code --phases}; all run by default, in this order (the cold
     * read last: it needs the big object's snapshots, which the reads before it leave behind).
     */
    enum Phase {
        /** Raw driver insertOne, insertMany and an ingest's round trips, into the same store. */
        RAW,
        /** Raw Redis GET of a value the size of a computed state. */
        REDIS,
        /** The trivial endpoint of the same app ({@code --trivial-path}). */
        PING,
        /** Single-event ingest, spread over objects and onto one hot object. */
        INGEST,
        /** {@code POST /v1/events/batch}. */
        BATCH,
        /** Warm reads: objects read before. */
        READ,
        /** Read-after-append on the small and on the big object. */
        APPEND,
        /** {@code ?at=} reads of the big object. */
        AT,
        /** The big object read with an empty Redis. */
        COLD
    }

    /** The largest batch platform-api takes by default ({@code padic.quotas.events-per-batch}). */
    static final int MAX_BATCH = 1000;

    /** Platform threads by default: on JDK 21 a driver's {@code synchronized} would pin virtual ones. */
    public enum Threads { PLATFORM, VIRTUAL }

    static final String USAGE = """
            Usage: java -jar bench/target/padic-bench.jar [options]

            Starts the embedded store, Redis and platform-api (platform-api/target/quarkus-app), then measures
            platform-api's ingest and reads beside baselines of the same run (the raw driver into the same store,
            raw Redis GET, a trivial endpoint of the same app), and prints a table and the issue's ratios.

              --clients N            concurrent clients in each load phase (default 8)
              --seconds S            measured seconds per load phase (default 10)
              --warmup S             unmeasured seconds before each load phase (default 5)
              --requests N           measure N requests per load phase instead of a duration
              --store h2|memory      the embedded store's backend (default h2, as ./padic up)
              --threads platform|virtual
                                     client threads (default platform)
              --objects N            objects the spread ingest and the batch ingest write to (default 256)
              --batch-size N         events per batch request, and documents per raw insertMany (default 500,
                                     at most 1000)
              --warm-objects N       objects the warm reads go round (default 32)
              --small-object-events N
                                     events on each warm object and on the small object (default 100)
              --big-object-events N  events on the big object (default 100000)
              --cold-reads N         reads of the big object, each after FLUSHALL (default 3)
              --snapshot-every N     platform-api's snapshot interval: the most events a cold read should
                                     apply (default 64)
              --setup-clients N      concurrent clients that send the setup's events (default 2)
              --trivial-path PATH    the trivial endpoint (default /v1/ping)
              --api-jar PATH         platform-api's quarkus-run.jar (default: found from the repository)
              --api-env KEY=VALUE    extra environment for platform-api; may repeat
              --api-jvm-arg ARG      extra JVM argument for platform-api, before -jar; may repeat
              --phases LIST          which phases to run, of raw,redis,ping,ingest,batch,read,append,at,cold
                                     (default all)
              --help                 this text
            """;

    static Options parse(List<String> args) {
        int clients = 8;
        int seconds = 10;
        int warmup = 5;
        long requests = 0;
        Store store = Store.H2;
        Threads threads = Threads.PLATFORM;
        int objects = 256;
        int batchSize = 500;
        int warmObjects = 32;
        int smallObjectEvents = 100;
        int bigObjectEvents = 100_000;
        int coldReads = 3;
        int snapshotEvery = 64;
        int setupClients = 2;
        String trivialPath = "/v1/ping";
        Path apiJar = null;
        Map<String, String> apiEnv = new LinkedHashMap<>();
        List<String> apiJvmArgs = new ArrayList<>();
        Set<Phase> phases = EnumSet.allOf(Phase.class);
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = name.equals(arg) ? null : arg.substring(arg.indexOf('=') + 1);
            if (name.equals("--help") || name.equals("-h")) {
                help = true;
                continue;
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args.get(++i);
            }
            switch (name) {
                case "--clients" -> clients = positive(name, value);
                case "--seconds" -> seconds = positive(name, value);
                case "--warmup" -> warmup = atLeastZero(name, value);
                case "--requests" -> requests = positive(name, value);
                case "--store" -> store = choice(name, value, Store.class);
                case "--threads" -> threads = choice(name, value, Threads.class);
                case "--objects" -> objects = positive(name, value);
                case "--batch-size" -> batchSize = upTo(name, value, MAX_BATCH);
                case "--warm-objects" -> warmObjects = positive(name, value);
                case "--small-object-events" -> smallObjectEvents = positive(name, value);
                case "--big-object-events" -> bigObjectEvents = positive(name, value);
                case "--cold-reads" -> coldReads = positive(name, value);
                case "--snapshot-every" -> snapshotEvery = positive(name, value);
                case "--setup-clients" -> setupClients = positive(name, value);
                case "--trivial-path" -> {
                    if (!value.startsWith("/")) {
                        throw new IllegalArgumentException("--trivial-path takes a path such as /v1/ping, not '"
                                + value + "'");
                    }
                    trivialPath = value;
                }
                case "--api-jar" -> apiJar = Path.of(value);
                case "--api-env" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--api-env takes KEY=VALUE, not '" + value + "'");
                    }
                    apiEnv.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--api-jvm-arg" -> apiJvmArgs.add(value);
                case "--phases" -> {
                    phases = EnumSet.noneOf(Phase.class);
                    for (String phase : value.split(",")) {
                        phases.add(choice(name, phase.trim(), Phase.class));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new Options(clients, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup), requests, store,
                threads, objects, batchSize, warmObjects, smallObjectEvents, bigObjectEvents, coldReads, snapshotEvery,
                setupClients, trivialPath, Optional.ofNullable(apiJar), Map.copyOf(apiEnv),
                List.copyOf(apiJvmArgs), Set.copyOf(phases), help);
    }

    /** How long or how much each load phase measures, as the table's caption says it. */
    String budget() {
        return requests > 0 ? requests + " requests" : measure.toSeconds() + " s";
    }

    private static int positive(String name, String value) {
        int n = number(name, value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, not " + value);
        }
        return n;
    }

    private static int upTo(String name, String value, int most) {
        int n = positive(name, value);
        if (n > most) {
            throw new IllegalArgumentException(name + " must be " + most + " or less, not " + value);
        }
        return n;
    }

    private static int atLeastZero(String name, String value) {
        int n = number(name, value);
        if (n < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, not " + value);
        }
        return n;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, not '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E choice(String name, String value, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(name + " takes one of " + List.of(type.getEnumConstants()).stream()
                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", not '" + value + "'");
    }
}
