package io.padic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.bench.Acceptance.Line;
import io.padic.bench.Acceptance.Verdict;
import io.padic.bench.LifecycleHistory.Event;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The analytics phase's projects: made through the public API (event types, a key, objects), given their
 * lifecycle histories through {@code /v1/events/batch}, and waited for until their analytics count every event.
 */
final class AnalyticsProjects {

    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(200);

    /** A project of the phase: its id, a key with every data scope, and the events it was given (or null). */
    record Project(String label, String id, String key, LifecycleHistory history) {
    }

    /** What the phase reports beside its measurements, and what went wrong (the run then fails). */
    record Findings(List<Line> reported, List<String> problems) {

        Findings() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    private final Options options;
    private final String apiUrl;
    private final PrintStream out;
    private final Findings findings;

    AnalyticsProjects(Options options, String apiUrl, PrintStream out, Findings findings) {
        this.options = options;
        this.apiUrl = apiUrl;
        this.out = out;
        this.findings = findings;
    }

    /**
     * A project with the history's event types (or the load tool's {@code order.updated} without one), none with
     * fields or code, and a key with every data scope.
     */
    Project create(ApiClient control, Account owner, String label, LifecycleHistory history) {
        String id = control.createProject(owner, "analytics-" + label);
        List<String> types = history == null ? List.of(PadicClient.EVENT_TYPE) : LifecycleHistory.eventTypes();
        for (String type : types) {
            // No fields, no code: events are stored as they come, as the load tool's other event type.
            control.declareEventType(owner, id, type, "{\"unknownFields\":\"allow\",\"fields\":[]}");
        }
        String key = control.createKey(owner, id, "bench", "public", ApiClient.ALL_SCOPES).secret();
        return new Project(label, id, key, history);
    }

    static List<String> ids(String prefix, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(String.format(Locale.ROOT, "%s-%05d", prefix, i));
        }
        return ids;
    }

    static List<Map.Entry<String, String>> historyObjects(LifecycleHistory history) {
        List<Map.Entry<String, String>> objects = new ArrayList<>();
        for (int i = 0; i < history.objects(); i++) {
            objects.add(Map.entry(LifecycleHistory.objectId(i), LifecycleHistory.type(i).name()));
        }
        return objects;
    }

    /** Creates the objects (id → type) from the run's clients. */
    void createObjects(Project project, List<Map.Entry<String, String>> objects) {
        int clients = options.clients();
        try (PadicClient api = new PadicClient(apiUrl, project.key())) {
            inParallel(clients, c -> {
                for (int i = c; i < objects.size(); i += clients) {
                    api.createObject(objects.get(i).getValue(), objects.get(i).getKey());
                }
                return 0L;
            });
        }
    }

    /**
     * Sends the project's history through {@code /v1/events/batch}, {@code --batch-size} events per request, from
     * the run's clients, each with its own objects; returns when the last batch was answered (nanoTime).
     */
    long sendHistory(Project project) {
        LifecycleHistory history = project.history();
        int clients = options.clients();
        int batch = options.batchSize();
        AtomicLong sent = new AtomicLong();
        long started = System.nanoTime();
        try (PadicClient api = new PadicClient(apiUrl, project.key())) {
            long total = inParallel(clients, c -> {
                LifecycleHistory.Feed feed = history.feed(c, clients);
                long mine = 0;
                while (feed.hasNext()) {
                    List<Event> events = feed.take(batch);
                    long first = mine;
                    api.sendEvents(events.size(), i -> events.get(i).json(first + i));
                    mine += events.size();
                    sent.addAndGet(events.size());
                }
                return mine;
            }, () -> out.printf(Locale.ROOT, "bench: analytics: %,d of %,d events sent (%.0f s)%n", sent.get(),
                    history.events(), Waits.secondsSince(started)));
            long answered = System.nanoTime();
            double rate = total / ((answered - started) / 1e9);
            out.printf(Locale.ROOT, "bench: analytics: sent the %s project's %,d events (%d objects, %d types) in "
                    + "%.1f s: %.0f events/s through /v1/events/batch (%d per request, %d clients, analytics on)%n",
                    project.label(), total, history.objects(), LifecycleHistory.TYPES.size(),
                    Waits.secondsSince(started), rate,
                    batch, clients);
            findings.reported().add(new Line(String.format(Locale.ROOT, "history of %,d events sent at %.0f events/s "
                    + "(%d per request, %d clients, analytics on)", total, rate, batch, clients), Verdict.NO_TARGET));
            return answered;
        }
    }

    /**
     * Polls the overview of the whole range until every event sent is counted and the project is not being built;
     * prints how long after the last batch that took, and checks each event type's total.
     */
    void awaitCounted(PadicClient member, Project project, long answered) {
        LifecycleHistory history = project.history();
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        JsonNode overview;
        while (true) {
            overview = member.get(overviewPath(project)).expect(200);
            if ((counted(overview) >= history.events() && !overview.path("building").asBoolean(false))
                    || System.nanoTime() > deadline) {
                break;
            }
            Waits.sleep(POLL);
        }
        double lag = (System.nanoTime() - answered) / 1e9;
        Map<String, Long> counts = countsByType(overview);
        Map<String, Long> expected = history.countsByType();
        if (!counts.equals(expected)) {
            findings.problems().add(String.format(Locale.ROOT, "the %s project's overview counts %s, not the %s sent "
                    + "(after %.0f s)", project.label(), counts, expected, lag));
        }
        out.printf(Locale.ROOT, "bench: analytics: the %s project's overview counted all %,d events %.1f s after "
                + "the last batch was answered%n", project.label(), counted(overview), lag);
        findings.reported().add(new Line(String.format(Locale.ROOT, "%s project (%,d events): every event counted "
                + "%.1f s after the last batch was answered", project.label(), history.events(), lag), Verdict.NO_TARGET));
    }

    static long counted(JsonNode overview) {
        long total = 0;
        for (JsonNode type : overview.path("eventTypes")) {
            total += type.path("total").asLong();
        }
        return total;
    }

    static Map<String, Long> countsByType(JsonNode overview) {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode type : overview.path("eventTypes")) {
            if (type.path("total").asLong() != 0) {
                counts.put(type.path("name").asText(), type.path("total").asLong());
            }
        }
        return counts;
    }

    static String range(Project project) {
        return "from=" + project.history().firstDay() + "&to=" + project.history().dayAfterLast();
    }

    static String overviewPath(Project project) {
        return "/v1/projects/" + project.id() + "/analytics/overview?interval=day&" + range(project);
    }

    /** A task per client, numbered 0…n-1; returns the sum of their results. */
    private static long inParallel(int n, ClientTask task) {
        return inParallel(n, task, () -> {
        });
    }

    /** As {@link #inParallel(int, ClientTask)}, calling {@code progress} every 30 s meanwhile. */
    private static long inParallel(int n, ClientTask task, Runnable progress) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Long>> tasks = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                int client = c;
                tasks.add(pool.submit(() -> task.run(client)));
            }
            long total = 0;
            for (Future<Long> t : tasks) {
                while (true) {
                    try {
                        total += t.get(30, TimeUnit.SECONDS);
                        break;
                    } catch (TimeoutException e) {
                        progress.run();
                    }
                }
            }
            return total;
        } catch (ExecutionException e) {
            throw new IllegalStateException("analytics setup failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("analytics setup was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ClientTask {
        long run(int client) throws Exception;
    }

}
