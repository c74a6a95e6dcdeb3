package io.padic.api.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.api.journal.EventRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A feed entry's fields give back the events they were made of, for any event ids and object ids the API
 * can produce, and entries in the format of before (one event: {@code id}, {@code pins}) still read.
 */
class EventFeedFieldsTest {

    private static final String OBJECT_ID_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

    private static EventRecord event(String eventId, List<EventRecord.Pin> pins) {
        return new EventRecord("prj_1", eventId, "Tick", null, Instant.EPOCH, null,
                pins.stream().map(EventRecord.Pin::objectId).toList(), "{}", pins, false);
    }

    private static List<EventFeed.FedEvent> fed(List<EventRecord> events) {
        return events.stream().map(e -> new EventFeed.FedEvent(e.eventId(), e.pins())).toList();
    }

    @Property(tries = 200)
    void fieldsDecodeToTheEventsTheyWereMadeOf(@ForAll("groups") List<EventRecord> events) {
        assertEquals(fed(events), EventFeed.decode(EventFeed.fields(events)));
    }

    @Provide
    Arbitrary<List<EventRecord>> groups() {
        Arbitrary<String> ulid = Arbitraries.strings().withChars("0123456789abcdefghjkmnpqrstvwxyz").ofLength(26);
        Arbitrary<String> eventId = Combinators.combine(ulid, Arbitraries.of("evt_", "hide_evt_"),
                Arbitraries.integers().between(0, 3)).as((id, prefix, n) -> prefix + id + (n == 0 ? "" : "." + n));
        Arbitrary<EventRecord.Pin> pin = Combinators.combine(
                Arbitraries.strings().withChars(OBJECT_ID_CHARS).ofMinLength(1).ofMaxLength(128),
                Arbitraries.longs().between(1, Long.MAX_VALUE)).as(EventRecord.Pin::new);
        return Combinators.combine(eventId, pin.list().ofMaxSize(4)).as(EventFeedFieldsTest::event)
                .list().ofMinSize(1).ofMaxSize(60);
    }

    @Example
    void theFieldsSayIdsInOrderAndOnePinListPerId() {
        List<EventRecord> events = List.of(
                event("evt_1", List.of(new EventRecord.Pin("k1", 7), new EventRecord.Pin("k:2", 3))),
                event("hide_evt_1", List.of()),
                event("evt_2.1", List.of(new EventRecord.Pin("k1", 8))));
        assertEquals(Map.of("ids", "evt_1,hide_evt_1,evt_2.1", "pins", "k1=7,k:2=3;;k1=8"), EventFeed.fields(events));
        assertEquals(Map.of("ids", "evt_3", "pins", ""), EventFeed.fields(List.of(event("evt_3", List.of()))));
    }

    @Example
    void anEntryOfTheFormatBeforeGroupsIsOneEvent() {
        assertEquals(List.of(new EventFeed.FedEvent("evt_1", List.of(new EventRecord.Pin("k1", 7),
                new EventRecord.Pin("k2", 3)))), EventFeed.decode(Map.of("id", "evt_1", "pins", "k1=7,k2=3")));
        assertEquals(List.of(new EventFeed.FedEvent("evt_2", List.of())),
                EventFeed.decode(Map.of("id", "evt_2", "pins", "")));
        assertEquals(List.of(), EventFeed.decode(Map.of("other", "x")), "an entry with neither field holds no event");
    }
}
