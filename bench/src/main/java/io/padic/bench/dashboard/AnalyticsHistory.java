package io.padic.bench.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.bench.LifecycleHistory;
import io.padic.bench.PadicClient;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The analytics side of the dashboard budgets: a project given a lifecycle history (the load tool's orders and
 * subscriptions, each event with its occurredAt) through {@code /v1/events/batch}, waited for until its analytics
 * count every event, and the analytics pages over the history's range.
 */
final class AnalyticsHistory {

    private static final int BATCH = 1000;
    private static final Duration COUNTING_LIMIT = Duration.ofMinutes(30);

    private AnalyticsHistory() {
    }

    /** Declares the history's event types, creates its objects and sends its events from {@code clients} threads. */
    static void load(String apiUrl, ApiClient setup, Account owner, String projectId, String key,
            LifecycleHistory history, int clients) throws Exception {
        for (String type : LifecycleHistory.eventTypes()) {
            setup.declareEventType(owner, projectId, type, "{\"unknownFields\":\"allow\",\"fields\":[]}");
        }
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (PadicClient api = new PadicClient(apiUrl, key)) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                tasks.add(pool.submit(() -> {
                    for (int i = client; i < history.objects(); i += clients) {
                        api.createObject(LifecycleHistory.type(i).name(), LifecycleHistory.objectId(i));
                    }
                    return null;
                }));
            }
            await(tasks);
            System.out.printf(Locale.ROOT, "Created %,d objects in %.1f s; sending %,d events ...%n",
                    history.objects(), seconds(started), history.events());
            AtomicLong sent = new AtomicLong();
            tasks.clear();
            long sending = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                LifecycleHistory.Feed feed = history.feed(c, clients);
                tasks.add(pool.submit(() -> {
                    while (feed.hasNext()) {
                        List<LifecycleHistory.Event> events = feed.take(BATCH);
                        long first = sent.getAndAdd(events.size());
                        api.sendEvents(events.size(), i -> events.get(i).json(first + i));
                    }
                    return null;
                }));
            }
            await(tasks);
            System.out.printf(Locale.ROOT, "Sent %,d events in %.1f s (%.0f events/s)%n", history.events(),
                    seconds(sending), history.events() / seconds(sending));
        } finally {
            pool.shutdownNow();
        }
        awaitCounted(setup.as(owner.token()), projectId, history);
    }

    /** Polls the overview of the history's range until every event is counted and nothing is being built. */
    private static void awaitCounted(ApiClient member, String projectId, LifecycleHistory history) {
        String overview = "/v1/projects/" + projectId + "/analytics/overview?interval=month&from="
                + history.firstDay() + "&to=" + history.dayAfterLast();
        long started = System.nanoTime();
        long counted = 0;
        while (System.nanoTime() - started < COUNTING_LIMIT.toNanos()) {
            JsonNode answer = member.get(overview).expect(200);
            counted = 0;
            for (JsonNode type : answer.path("eventTypes")) {
                if (LifecycleHistory.eventTypes().contains(type.path("name").asText())) {
                    counted += type.path("total").asLong();
                }
            }
            if (counted >= history.events() && !answer.path("building").asBoolean()) {
                System.out.printf(Locale.ROOT, "The analytics counted all %,d events %.1f s after the last batch%n",
                        counted, seconds(started));
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("the analytics counted " + counted + " of " + history.events()
                + " events after " + COUNTING_LIMIT);
    }

    /** The analytics pages over the history's range (orders; retention by week, as it reads best). */
    static Map<String, String> pages(String project, LifecycleHistory history) {
        String to = LocalDate.parse(history.dayAfterLast()).minusDays(1).toString();
        String range = "?from=" + history.firstDay() + "&to=" + to;
        String type = "&objectType=" + LifecycleHistory.type(0).name();
        String a = project + "/analytics";
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("analytics overview (90 days by day)", a + range + "&interval=day");
        pages.put("active objects (by day)", a + "/active" + range + "&interval=day" + type);
        pages.put("retention (by week)", a + "/retention" + range + "&interval=week" + type);
        pages.put("lifecycle", a + "/lifecycle" + range + type);
        pages.put("funnel (main path)", a + "/funnel" + range + type);
        pages.put("anomalies", a + "/anomalies" + range);
        return pages;
    }

    private static void await(List<Future<?>> tasks) throws InterruptedException, ExecutionException {
        for (Future<?> task : tasks) {
            task.get();
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
