package io.padic.api.fold;

import io.padic.api.journal.PinnedEvent;
import java.util.List;

/**
 * The pluggable step of a fold: turns a starting state and the visible events (oldest first) into the
 * state after them, as JSON. A project without code merges each event's metaData; a project with code
 * runs its JavaScript reducers in the sandbox.
 */
public interface Reducer {

    /**
     * Folds the events into the start state and returns the state after the first n events for each n of
     * {@code after} (ascending, each between 0 and the number of events): the final state when
     * {@code after} holds just the count, intermediate ones as well when snapshots need them.
     */
    List<String> foldCapturing(String startJson, List<PinnedEvent> events, String accessLevel, int[] after);
}
