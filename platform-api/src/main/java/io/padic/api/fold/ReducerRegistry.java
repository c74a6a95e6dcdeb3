package io.padic.api.fold;

import io.padic.api.eventtypes.DeclaredTypes;
import io.padic.api.eventtypes.EventTypeHeads;
import io.padic.api.eventtypes.EventTypeRepository;
import io.padic.api.eventtypes.EventTypeVersion;
import io.padic.sandbox.ReducerCode;
import io.padic.sandbox.ReducerSet;
import io.padic.sandbox.Sandbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reducer a project folds with right now. The project's heads (kept like ingest keeps them: a save in
 * this process is seen at once, one in another process within {@code padic.cache.control-plane-staleness})
 * tell the current reducerVersion; the code of that version is loaded once and kept. States are cached
 * under their reducerVersion, so whichever version a read uses, it serves that version's fold (I4).
 */
@ApplicationScoped
public class ReducerRegistry {

    /** What a fold needs to know: which reducer, and under which version its results may be kept. */
    public record Current(String reducerVersion, Reducer reducer) {
    }

    private final EventTypeRepository types;
    private final DeclaredTypes declared;
    private final Sandbox sandbox;
    private final Map<String, Current> loaded = new ConcurrentHashMap<>();

    public ReducerRegistry(EventTypeRepository types, DeclaredTypes declared, Sandbox sandbox) {
        this.types = types;
        this.declared = declared;
        this.sandbox = sandbox;
    }

    public Current current(String projectId) {
        EventTypeHeads heads = declared.heads(projectId);
        Current cached = loaded.get(projectId);
        if (cached != null && cached.reducerVersion().equals(heads.reducerVersion)) {
            return cached;
        }
        Current fresh = load(projectId, heads);
        loaded.put(projectId, fresh);
        return fresh;
    }

    /** {@link #current}, if this process holds it and the project's heads now: never a store read. */
    public Optional<Current> kept(String projectId) {
        Current cached = loaded.get(projectId);
        return cached == null ? Optional.empty() : declared.keptHeads(projectId)
                .filter(heads -> cached.reducerVersion().equals(heads.reducerVersion)).map(heads -> cached);
    }

    private Current load(String projectId, EventTypeHeads heads) {
        List<EventTypeHeads.Head> withCode = heads.types.stream().filter(h -> h.hasCode).toList();
        if (withCode.isEmpty()) {
            return new Current(heads.reducerVersion, MergeMetaDataReducer.INSTANCE);
        }
        List<ReducerCode> codes = new ArrayList<>();
        Map<String, Integer> versions = new HashMap<>();
        for (EventTypeHeads.Head head : heads.types) {
            versions.put(head.name, head.version);
        }
        for (EventTypeVersion version : types.versions(projectId, withCode)) {
            codes.add(new ReducerCode(version.name, version.version, version.applyEvent));
        }
        ReducerSet set = new ReducerSet(projectId + ":" + heads.reducerVersion, List.copyOf(codes));
        return new Current(heads.reducerVersion, new JsReducer(sandbox, set, Map.copyOf(versions)));
    }
}
