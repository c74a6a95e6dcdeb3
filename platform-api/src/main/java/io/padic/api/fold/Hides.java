package io.padic.api.fold;

import io.padic.api.journal.EventRecord;
import io.padic.api.journal.PinnedEvent;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;

/**
 * The {@code $hide} system event's metaData, written and read here only: the hidden event's id
 * ({@code target}) and its seq on each object it is pinned to ({@code seqs}), so a fold skips it without a
 * lookup (docs/design.md#model).
 */
public final class Hides {

    private static final String TARGET = "target";
    private static final String SEQS = "seqs";
    /** Looked up once: Json.createReader() and friends search the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private Hides() {
    }

    public static boolean isHide(PinnedEvent event) {
        return PinnedEvent.HIDE_TYPE.equals(event.type());
    }

    /** The metaData of a hide of {@code targetEventId}, pinned at {@code pins}. */
    public static String metaData(String targetEventId, List<EventRecord.Pin> pins) {
        JsonObjectBuilder seqs = JSON.createObjectBuilder();
        for (EventRecord.Pin pin : pins) {
            seqs.add(pin.objectId(), pin.seq());
        }
        return JSON.createObjectBuilder().add(TARGET, targetEventId).add(SEQS, seqs).build().toString();
    }

    /** The event a hide names. */
    public static String target(PinnedEvent hide) {
        return parse(hide).getString(TARGET);
    }

    /** The target's seq on {@code objectId} as the hide names it; -1 for hides of versions that did not. */
    public static long targetSeq(PinnedEvent hide, String objectId) {
        JsonObject seqs = parse(hide).getJsonObject(SEQS);
        JsonNumber seq = seqs == null ? null : seqs.getJsonNumber(objectId);
        return seq == null ? -1 : seq.longValue();
    }

    private static JsonObject parse(PinnedEvent hide) {
        try (JsonReader reader = JSON.createReader(new StringReader(hide.metaData()))) {
            return reader.readObject();
        }
    }
}
