package io.padic.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.bench.LifecycleHistory.Event;
import io.padic.bench.LifecycleHistory.ObjectHistory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecycleHistoryTest {

    private static final Instant END = Instant.parse("2026-12-03T16:30:00Z");

    @Test
    void holdsExactlyTheEventsAskedForSpreadOverEveryObject() {
        LifecycleHistory history = new LifecycleHistory(200, 1_003, END, 14);
        long events = 0;
        for (int i = 0; i < 200; i++) {
            int count = history.history(i).types().length;
            assertTrue(count == 5 || count == 6, "object " + i + " has " + count + " events");
            events += count;
        }
        assertEquals(1_003, events);
        assertEquals(1_003, history.countsByType().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void eachObjectFollowsItsLifecycleInOrderWithRepeatsBetweenTheSteps() {
        LifecycleHistory history = new LifecycleHistory(400, 20_000, END, 14);
        for (int i = 0; i < 400; i++) {
            ObjectHistory h = history.history(i);
            LifecycleHistory.ObjectType type = LifecycleHistory.type(i);
            assertEquals(type.name(), h.objectType());
            assertEquals(type.steps().get(0), h.types()[0], "every object starts with its first step");
            int step = 0;
            for (String t : h.types()) {
                int at = type.steps().indexOf(t);
                if (at >= 0) {
                    assertTrue(at == step || at == step + 1, h.objectId() + " skips from step " + step + " to " + at);
                    step = Math.max(step, at);
                } else {
                    assertEquals(type.repeat(), t);
                }
            }
        }
    }

    @Test
    void fewerObjectsReachEachLaterStep() {
        LifecycleHistory history = new LifecycleHistory(2_000, 10_000, END, 14);
        Map<String, Long> counts = history.countsByType();
        long created = counts.get("order.created");
        long paid = counts.get("order.paid");
        long shipped = counts.get("order.shipped");
        long delivered = counts.get("order.delivered");
        assertEquals(1_000, created - countAgain(history, "order.created"), "each order is created once");
        assertTrue(created > paid && paid > shipped && shipped > delivered && delivered > 0, counts.toString());
        assertTrue(counts.get("order.updated") > 0 && counts.get("subscription.used") > 0, counts.toString());
    }

    /** Events of {@code type} beyond the first of each object: the steps that happened twice. */
    private static long countAgain(LifecycleHistory history, String type) {
        long again = 0;
        for (int i = 0; i < history.objects(); i++) {
            long n = List.of(history.history(i).types()).stream().filter(type::equals).count();
            again += Math.max(0, n - 1);
        }
        return again;
    }

    @Test
    void timesRiseWithinTheNinetyDaysBeforeTheEnd() {
        LifecycleHistory history = new LifecycleHistory(300, 30_000, END, 14);
        long from = LocalDate.parse(history.firstDay()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = LocalDate.parse(history.dayAfterLast()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        assertEquals("2026-09-04", history.firstDay());
        assertEquals("2026-12-04", history.dayAfterLast());
        for (int i = 0; i < 300; i++) {
            long[] times = history.history(i).times();
            assertTrue(times[0] >= END.toEpochMilli() - 90L * 86_400_000 && times[0] >= from);
            for (int e = 1; e < times.length; e++) {
                assertTrue(times[e] >= times[e - 1], "times never go back");
            }
            assertTrue(times[times.length - 1] < END.toEpochMilli() && times[times.length - 1] < to);
        }
    }

    @Test
    void theSameArgumentsGiveTheSameHistories() {
        ObjectHistory a = new LifecycleHistory(50, 500, END, 14).history(7);
        ObjectHistory b = new LifecycleHistory(50, 500, END, 14).history(7);
        assertArrayEquals(a.types(), b.types());
        assertArrayEquals(a.times(), b.times());
    }

    @Test
    void theClientsFeedsSendEveryEventOnceEachObjectInOrderAndNoObjectFromTwoClients() {
        LifecycleHistory history = new LifecycleHistory(101, 5_000, END, 14);
        int clients = 8;
        Map<String, Integer> ownerOf = new HashMap<>();
        Map<String, List<Event>> sent = new HashMap<>();
        long total = 0;
        for (int c = 0; c < clients; c++) {
            LifecycleHistory.Feed feed = history.feed(c, clients);
            long last = Long.MIN_VALUE;
            Set<String> types = new HashSet<>();
            while (feed.hasNext()) {
                List<Event> batch = feed.take(500);
                assertTrue(batch.size() <= 500 && !batch.isEmpty());
                for (Event e : batch) {
                    assertTrue(e.occurredAt() >= last, "a client sends oldest first");
                    last = e.occurredAt();
                    Integer before = ownerOf.putIfAbsent(e.objectId(), c);
                    assertTrue(before == null || before == c, e.objectId() + " is sent by two clients");
                    sent.computeIfAbsent(e.objectId(), id -> new ArrayList<>()).add(e);
                    types.add(e.objectId().substring(0, e.objectId().indexOf('-')));
                    total++;
                }
            }
            assertEquals(Set.of("order", "subscription"), types, "each client has objects of both types");
        }
        assertEquals(5_000, total);
        assertEquals(101, sent.size());
        for (int i = 0; i < 101; i++) {
            ObjectHistory h = history.history(i);
            List<Event> events = sent.get(h.objectId());
            assertEquals(h.types().length, events.size());
            for (int e = 0; e < events.size(); e++) {
                assertEquals(h.types()[e], events.get(e).type(), h.objectId() + "'s event " + e);
                assertEquals(h.times()[e], events.get(e).occurredAt());
            }
        }
    }

    @Test
    void anEventIsABatchItemWithItsOccurredAt() {
        Event event = new Event("order-00003", "order.paid", Instant.parse("2026-10-01T08:00:00.125Z").toEpochMilli());
        assertEquals("{\"type\":\"order.paid\",\"concerns\":\"order-00003\",\"occurredAt\":\"2026-10-01T08:00:00.125Z\","
                + "\"metaData\":{\"n\":42}}", event.json(42));
    }
}
