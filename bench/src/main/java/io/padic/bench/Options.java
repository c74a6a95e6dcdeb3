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
import picocli.CommandLine.Option;

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
        Analytics analytics,
        Optional<Path> apiJar,
        Map<String, String> apiEnv,
        List<String> apiJvmArgs,
        Set<Phase> phases,
        boolean help) {

    /** The embedded store's backend: H2 file (what {@code ./padic up} runs) or memory (what tests run). */
    public enum Store { H2, MEMORY }

    /**
     * Groups of phases that can be chosen with {@code --phases}, run in this order (the cold read after the reads:
     * it needs the big object's snapshots, which they leave behind). All but {@link #ANALYTICS} run by default.
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
        COLD,
        /**
         * What analytics cost and how fast they answer (issue 14): only when asked for, since it sets up a million
         * events and starts a second platform-api.
         */
        ANALYTICS
    }

    /** The phases of a run without {@code --phases}. */
    static final Set<Phase> DEFAULT_PHASES = Set.copyOf(EnumSet.complementOf(EnumSet.of(Phase.ANALYTICS)));

    /**
     * The sizes of the analytics phase: two projects with the same {@code objects}, one with {@code smallEvents}
     * and one with {@code bigEvents}; {@code routeRequests} measured requests per route and project from
     * {@code routeClients} clients; {@code ingestRounds} rounds of four batch ingest windows (with, without,
     * without, with analytics); {@code wrk} the wrk binary for the cross-check (skipped when it is not there).
     */
    public record Analytics(int objects, int smallEvents, int bigEvents, int routeRequests, int routeClients,
            int ingestRounds, String wrk) {
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
              --phases LIST          which phases to run, of raw,redis,ping,ingest,batch,read,append,at,cold,
                                     analytics (default all but analytics)

            The analytics phase (--phases analytics):
              --analytics-objects N  objects of each analytics project, half of each of two types (default 2000)
              --analytics-small-events N
                                     events of the small analytics project (default 10000)
              --analytics-events N   events of the big analytics project (default 300000; 1000000 for issue 14's
                                     figures, a run of ~20 minutes here)
              --route-requests N     measured requests per analytics route and project, after --warmup
                                     (default 300)
              --route-clients N      concurrent clients of those requests (default 1)
              --ingest-rounds N      rounds of batch ingest windows with, without, without and with analytics,
                                     each window --warmup then --seconds (default 1)
              --wrk PATH             wrk for the cross-check of one route (default wrk on PATH; skipped if
                                     missing)
              --help                 this text
            """;

    /** Parses the arguments; throws {@link IllegalArgumentException} naming what is wrong. */
    static Options parse(List<String> args) {
        Flags flags = Arguments.parse(new Flags(), args);
        int batchSize = upTo("--batch-size", flags.batchSize, MAX_BATCH);
        if (!flags.trivialPath.startsWith("/")) {
            throw new IllegalArgumentException("--trivial-path takes a path such as /v1/ping, not '"
                    + flags.trivialPath + "'");
        }
        Set<Phase> phases = DEFAULT_PHASES;
        if (flags.phases != null) {
            phases = EnumSet.noneOf(Phase.class);
            for (String phase : flags.phases.split(",")) {
                phases.add(choice("--phases", phase.trim(), Phase.class));
            }
        }
        long requests = flags.requests == null ? 0 : positive("--requests", flags.requests);
        // Every object gets its first event, so both projects count the same objects.
        if (flags.analyticsSmallEvents < flags.analyticsObjects || flags.analyticsEvents < flags.analyticsObjects) {
            throw new IllegalArgumentException("--analytics-small-events and --analytics-events must be at least "
                    + "--analytics-objects (" + flags.analyticsObjects + "): every object gets an event");
        }
        return new Options(positive("--clients", flags.clients),
                Duration.ofSeconds(positive("--seconds", flags.seconds)),
                Duration.ofSeconds(atLeastZero("--warmup", flags.warmup)), requests, flags.store, flags.threads,
                positive("--objects", flags.objects), batchSize, positive("--warm-objects", flags.warmObjects),
                positive("--small-object-events", flags.smallObjectEvents),
                positive("--big-object-events", flags.bigObjectEvents), positive("--cold-reads", flags.coldReads),
                positive("--snapshot-every", flags.snapshotEvery), positive("--setup-clients", flags.setupClients),
                flags.trivialPath, new Analytics(atLeast("--analytics-objects", flags.analyticsObjects, 2),
                        positive("--analytics-small-events", flags.analyticsSmallEvents),
                        positive("--analytics-events", flags.analyticsEvents),
                        positive("--route-requests", flags.routeRequests),
                        positive("--route-clients", flags.routeClients),
                        positive("--ingest-rounds", flags.ingestRounds), flags.wrk),
                Optional.ofNullable(flags.apiJar), Map.copyOf(flags.apiEnv),
                List.copyOf(flags.apiJvmArgs), Set.copyOf(phases), flags.help);
    }

    /** The options as picocli fills them, before the checks of {@link #parse}; {@link #USAGE} is their help. */
    static final class Flags {
        @Option(names = "--clients")
        int clients = 8;
        @Option(names = "--seconds")
        int seconds = 10;
        @Option(names = "--warmup")
        int warmup = 5;
        /** Null unless given: 0 (no count) is the default, but not a count one may ask for. */
        @Option(names = "--requests")
        Integer requests;
        @Option(names = "--store")
        Store store = Store.H2;
        @Option(names = "--threads")
        Threads threads = Threads.PLATFORM;
        @Option(names = "--objects")
        int objects = 256;
        @Option(names = "--batch-size")
        int batchSize = 500;
        @Option(names = "--warm-objects")
        int warmObjects = 32;
        @Option(names = "--small-object-events")
        int smallObjectEvents = 100;
        @Option(names = "--big-object-events")
        int bigObjectEvents = 100_000;
        @Option(names = "--cold-reads")
        int coldReads = 3;
        @Option(names = "--snapshot-every")
        int snapshotEvery = 64;
        @Option(names = "--setup-clients")
        int setupClients = 2;
        @Option(names = "--trivial-path")
        String trivialPath = "/v1/ping";
        @Option(names = "--analytics-objects")
        int analyticsObjects = 2000;
        @Option(names = "--analytics-small-events")
        int analyticsSmallEvents = 10_000;
        @Option(names = "--analytics-events")
        int analyticsEvents = 300_000;
        @Option(names = "--route-requests")
        int routeRequests = 300;
        @Option(names = "--route-clients")
        int routeClients = 1;
        @Option(names = "--ingest-rounds")
        int ingestRounds = 1;
        @Option(names = "--wrk")
        String wrk = "wrk";
        @Option(names = "--api-jar")
        Path apiJar;
        @Option(names = "--api-env")
        Map<String, String> apiEnv = new LinkedHashMap<>();
        @Option(names = "--api-jvm-arg")
        List<String> apiJvmArgs = new ArrayList<>();
        @Option(names = "--phases")
        String phases;
        @Option(names = {"--help", "-h"})
        boolean help;
    }

    /** How long or how much each load phase measures, as the table's caption says it. */
    String budget() {
        return requests > 0 ? requests + " requests" : measure.toSeconds() + " s";
    }

    private static int positive(String name, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, not " + n);
        }
        return n;
    }

    private static int atLeast(String name, int n, int least) {
        if (n < least) {
            throw new IllegalArgumentException(name + " must be " + least + " or more, not " + n);
        }
        return n;
    }

    private static int upTo(String name, int n, int most) {
        positive(name, n);
        if (n > most) {
            throw new IllegalArgumentException(name + " must be " + most + " or less, not " + n);
        }
        return n;
    }

    private static int atLeastZero(String name, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, not " + n);
        }
        return n;
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
