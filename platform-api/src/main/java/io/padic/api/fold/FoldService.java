package io.padic.api.fold;

import io.padic.api.events.PinnedEvent;
import io.padic.api.projects.ProjectScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Folds an object's history: drops hidden events and the {@code $hide} events themselves, then lets the
 * {@link Reducer} apply the rest. A fold of events 1..k honours only the hides among 1..k, so the state at
 * any seq never changes once served (the premise of every cache, I4).
 */
@ApplicationScoped
public class FoldService {

    private final ReducerRegistry reducers;

    public FoldService(ReducerRegistry reducers) {
        this.reducers = reducers;
    }

    /** The state after {@code history} (an object's events 1..k), as JSON, with the project's current code. */
    public String fold(ProjectScope scope, List<PinnedEvent> history) {
        Set<String> hidden = new HashSet<>();
        for (PinnedEvent event : history) {
            if (PinnedEvent.HIDE_TYPE.equals(event.type())) {
                hidden.add(hideTarget(event));
            }
        }
        List<PinnedEvent> visible = new ArrayList<>(history.size());
        for (PinnedEvent event : history) {
            if (!PinnedEvent.HIDE_TYPE.equals(event.type()) && !hidden.contains(event.eventId())) {
                visible.add(event);
            }
        }
        return reducers.current(scope.projectId()).reducer().fold("{}", visible, scope.accessLevel());
    }

    private static String hideTarget(PinnedEvent hide) {
        return MergeMetaDataReducer.parse(hide.metaData()).asJsonObject().getString("target");
    }
}
