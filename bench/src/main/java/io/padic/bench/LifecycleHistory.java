package io.padic.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Made-up but lifelike histories for the analytics phase: objects of two types, each following its type's
 * lifecycle (an order is created, paid, shipped, delivered) until it drops out, with repeated events between the
 * steps (and now and then a step twice), their {@code occurredAt} spread over {@link #DAYS} days before
 * {@code end}. The same arguments give the same histories, so two projects of different sizes hold the same
 * objects. Public for the dashboard budgets, which fill a project with such a history.
 */
public final class LifecycleHistory {

    /** How many days before the end the histories start. */
    static final int DAYS = 90;
    /** The chance that an object goes on to its type's next step. */
    static final double GOES_ON = 0.75;
    /** The chance that an event between two steps repeats the step before it rather than being a plain repeat. */
    static final double STEP_AGAIN = 0.05;

    /** An object type: its lifecycle's steps in order, and the event that repeats between them. */
    public record ObjectType(String name, List<String> steps, String repeat) {

        List<String> eventTypes() {
            List<String> all = new ArrayList<>(steps);
            all.add(repeat);
            return all;
        }
    }

    static final List<ObjectType> TYPES = List.of(
            new ObjectType("order", List.of("order.created", "order.paid", "order.shipped", "order.delivered"),
                    "order.updated"),
            new ObjectType("subscription", List.of("subscription.started", "subscription.activated",
                    "subscription.upgraded", "subscription.cancelled"), "subscription.used"));

    /** One event: the object it concerns, its type and its {@code occurredAt} in epoch milliseconds. */
    public record Event(String objectId, String type, long occurredAt) {

        /** The item of a {@code POST /v1/events/batch}; {@code n} goes into its metaData. */
        public String json(long n) {
            return "{\"type\":\"" + type + "\",\"concerns\":\"" + objectId + "\",\"occurredAt\":\""
                    + Instant.ofEpochMilli(occurredAt) + "\",\"metaData\":{\"n\":" + n + "}}";
        }
    }

    /** One object's events in the order they are sent (their times never go back). */
    record ObjectHistory(String objectId, String objectType, String[] types, long[] times) {
    }

    private final int objects;
    private final long events;
    private final Instant end;
    private final long seed;

    public LifecycleHistory(int objects, long events, Instant end, long seed) {
        if (objects < 1 || events < objects) {
            throw new IllegalArgumentException("every one of " + objects + " objects needs an event, "
                    + "not " + events + " events in all");
        }
        this.objects = objects;
        this.events = events;
        this.end = end;
        this.seed = seed;
    }

    public static List<String> eventTypes() {
        return TYPES.stream().flatMap(t -> t.eventTypes().stream()).toList();
    }

    public long events() {
        return events;
    }

    public int objects() {
        return objects;
    }

    /** The first day (UTC) that holds events: the {@code from} of a range that covers every one of them. */
    public String firstDay() {
        return end.minus(Duration.ofDays(DAYS)).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** The day after the last one that holds events: the exclusive {@code to} of that range. */
    public String dayAfterLast() {
        return end.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).toString();
    }

    public static ObjectType type(int object) {
        return TYPES.get(object % TYPES.size());
    }

    public static String objectId(int object) {
        return String.format(Locale.ROOT, "%s-%05d", type(object).name(), object);
    }

    /** The object that {@code client} of {@code clients} sends: a run of neighbours, so each client has both types. */
    static int owner(int object, int objects, int clients) {
        return (int) ((long) object * clients / objects);
    }

    /** The events of object {@code i}: its lifecycle steps with repeats between them, at rising times. */
    ObjectHistory history(int i) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
        ObjectType type = type(i);
        int count = (int) (events / objects + (i < events % objects ? 1 : 0));
        int reached = 1;
        while (reached < type.steps().size() && random.nextDouble() < GOES_ON) {
            reached++;
        }
        reached = Math.min(reached, count);
        // The repeats fall after one of the reached steps each, at random.
        int[] after = new int[reached];
        for (int r = 0; r < count - reached; r++) {
            after[random.nextInt(reached)]++;
        }
        String[] types = new String[count];
        int k = 0;
        for (int step = 0; step < reached; step++) {
            types[k++] = type.steps().get(step);
            for (int r = 0; r < after[step]; r++) {
                types[k++] = random.nextDouble() < STEP_AGAIN ? type.steps().get(step) : type.repeat();
            }
        }
        long span = Duration.ofDays(DAYS).toMillis();
        long start = end.toEpochMilli() - span + random.nextLong(span * 3 / 4);
        long life = Math.min(end.toEpochMilli() - start,
                random.nextLong(Duration.ofDays(1).toMillis(), Duration.ofDays(30).toMillis()));
        long[] times = new long[count];
        times[0] = start;
        for (int e = 1; e < count; e++) {
            times[e] = start + random.nextLong(life);
        }
        Arrays.sort(times);
        return new ObjectHistory(objectId(i), type.name(), types, times);
    }

    /** How many events of each type all the histories hold: what the analytics must count in the end. */
    Map<String, Long> countsByType() {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < objects; i++) {
            for (String type : history(i).types()) {
                counts.merge(type, 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * The events {@code client} of {@code clients} sends: those of its own objects, oldest first across them, so
     * each object's events go out in their order and no two clients write the same object.
     */
    public Feed feed(int client, int clients) {
        List<ObjectHistory> own = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            if (owner(i, objects, clients) == client) {
                own.add(history(i));
            }
        }
        return new Feed(own);
    }

    /** A client's events, oldest first. */
    public static final class Feed {

        /** The next event of one object: which object, and where in its history. */
        private record Cursor(ObjectHistory history, int at) {

            long time() {
                return history.times()[at];
            }
        }

        private final PriorityQueue<Cursor> next = new PriorityQueue<>((a, b) -> Long.compare(a.time(), b.time()));

        private Feed(List<ObjectHistory> histories) {
            for (ObjectHistory history : histories) {
                if (history.times().length > 0) {
                    next.add(new Cursor(history, 0));
                }
            }
        }

        public boolean hasNext() {
            return !next.isEmpty();
        }

        /** Up to {@code most} events, oldest first. */
        public List<Event> take(int most) {
            List<Event> taken = new ArrayList<>(most);
            while (taken.size() < most && !next.isEmpty()) {
                Cursor cursor = next.poll();
                ObjectHistory h = cursor.history();
                taken.add(new Event(h.objectId(), h.types()[cursor.at()], cursor.time()));
                if (cursor.at() + 1 < h.times().length) {
                    next.add(new Cursor(h, cursor.at() + 1));
                }
            }
            return taken;
        }
    }
}
