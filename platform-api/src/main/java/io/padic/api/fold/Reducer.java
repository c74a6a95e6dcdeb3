package io.padic.api.fold;

import io.padic.api.events.PinnedEvent;
import java.util.List;

/**
 * The pluggable step of a fold: turns a starting state and the visible events (oldest first) into the
 * state after them, as JSON. A project without code merges each event's metaData; a project with code
 * runs its JavaScript reducers in the sandbox.
 */
public interface Reducer {

    String fold(String startJson, List<PinnedEvent> events, String accessLevel);
}
