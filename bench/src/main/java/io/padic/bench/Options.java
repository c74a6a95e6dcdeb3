package io.padic.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
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
        int readObjects,
        int eventsPerObject,
        Optional<Path> apiJar,
        Map<String, String> apiEnv,
        List<String> apiJvmArgs,
        Set<Phase> phases,
        boolean help) {

    /** The embedded store's backend: H2 file (what {@code ./padic up} runs) or memory (what tests run). */
    public enum Store { H2, MEMORY }

    /** Groups of load phases that can be chosen with {@code --phases}; all run by default, in this order. */
    enum Phase { READ, RAW, INGEST }

    /** Platform threads by default: on JDK 21 a driver's {@code synchronized} would pin virtual ones. */
    public enum Threads { PLATFORM, VIRTUAL }

    static final String USAGE = """
            Usage: java -jar bench/target/padic-bench.jar [options]

            Starts the embedded store, Redis and platform-api (platform-api/target/quarkus-app), then measures
            single-event ingest, reads of objects with many events, and the raw driver's insertOne to the same
            store, and prints a table.

              --clients N            concurrent clients in each load phase (default 8)
              --seconds S            measured seconds per load phase (default 15)
              --warmup S             unmeasured seconds before each load phase (default 5)
              --requests N           measure N requests per load phase instead of a duration
              --store h2|memory      the embedded store's backend (default h2, as ./padic up)
              --threads platform|virtual
                                     client threads (default platform)
              --objects N            objects the spread ingest writes to (default 256)
              --read-objects N       objects read once cold (default 8)
              --events-per-object N  events on each read object (default 1000)
              --api-jar PATH         platform-api's quarkus-run.jar (default: found from the repository)
              --api-env KEY=VALUE    extra environment for platform-api; may repeat
              --api-jvm-arg ARG      extra JVM argument for platform-api, before -jar; may repeat
              --phases LIST          which phases to run, of read,raw,ingest (default all)
              --help                 this text
            """;

    static Options parse(List<String> args) {
        int clients = 8;
        int seconds = 15;
        int warmup = 5;
        long requests = 0;
        Store store = Store.H2;
        Threads threads = Threads.PLATFORM;
        int objects = 256;
        int readObjects = 8;
        int eventsPerObject = 1000;
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
                case "--read-objects" -> readObjects = positive(name, value);
                case "--events-per-object" -> eventsPerObject = positive(name, value);
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
                threads, objects, readObjects, eventsPerObject, Optional.ofNullable(apiJar), Map.copyOf(apiEnv),
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
                .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList() + ", not '" + value + "'");
    }
}
