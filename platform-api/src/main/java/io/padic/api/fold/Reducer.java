package io.padic.api.fold;

import io.padic.api.events.PinnedEvent;
import io.padic.api.projects.ProjectScope;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * The pluggable step of a fold: turns a starting state and the visible events (oldest first) into the
 * state after them. The default merges each event's metaData; the JavaScript sandbox plugs in here.
 */
public interface Reducer {

    JsonObject fold(ProjectScope scope, JsonObject start, List<PinnedEvent> events);
}
