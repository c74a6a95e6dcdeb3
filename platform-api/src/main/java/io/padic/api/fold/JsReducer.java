package io.padic.api.fold;

import io.padic.api.eventtypes.ReducerProblems;
import io.padic.api.journal.PinnedEvent;
import io.padic.sandbox.ReducerFailure;
import io.padic.sandbox.ReducerSet;
import io.padic.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A project's JavaScript reducers at one reducerVersion, run in the sandbox. */
final class JsReducer implements Reducer {

    private final Sandbox sandbox;
    private final ReducerSet set;
    private final Map<String, Integer> versions;

    JsReducer(Sandbox sandbox, ReducerSet set, Map<String, Integer> versions) {
        this.sandbox = sandbox;
        this.set = set;
        this.versions = versions;
    }

    @Override
    public List<String> foldCapturing(String startJson, List<PinnedEvent> events, String accessLevel, int[] after) {
        try {
            return sandbox.foldCapturing(set, startJson, eventTexts(events), accessLevel, after);
        } catch (ReducerFailure failure) {
            throw ReducerProblems.atRead(failure, events, versions);
        }
    }

    /**
     * The events as the reducers see them, one JSON text each: the sandbox parses a text once per context and
     * reuses it when a later fold meets the same event. Ids and types need no escaping: their alphabets exclude it.
     */
    static List<String> eventTexts(List<PinnedEvent> events) {
        List<String> texts = new ArrayList<>(events.size());
        StringBuilder out = new StringBuilder(256);
        for (PinnedEvent e : events) {
            out.setLength(0);
            out.append("{\"id\":\"").append(e.eventId()).append("\",\"seq\":").append(e.seq())
                    .append(",\"type\":\"").append(e.type()).append("\",\"createdAt\":\"").append(e.createdAt())
                    .append('"');
            if (e.occurredAt() != null) {
                out.append(",\"occurredAt\":\"").append(e.occurredAt()).append('"');
            }
            out.append(",\"concerns\":[");
            for (int i = 0; i < e.concerns().size(); i++) {
                out.append(i == 0 ? "\"" : ",\"").append(e.concerns().get(i)).append('"');
            }
            texts.add(out.append("],\"metaData\":").append(e.metaData()).append('}').toString());
        }
        return texts;
    }
}
