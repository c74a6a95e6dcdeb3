package io.padic.api.objects;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.RandomIds;
import io.padic.api.eventtypes.ReducerProblems;
import io.padic.api.fold.KnownState;
import io.padic.api.journal.ObjectDirectory;
import io.padic.api.journal.ObjectIds;
import io.padic.api.journal.ObjectRepository;
import io.padic.api.journal.PinRepository;
import io.padic.api.journal.PinnedEvent;
import io.padic.api.journal.StoredObject;
import io.padic.api.projects.ControlPlaneCache;
import io.padic.api.projects.ProjectScope;
import io.padic.api.store.StoreOutage;
import io.padic.api.store.StoreUnreachable;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Creates objects and computes them from their events: now, at a seq, or at an instant. */
@ApplicationScoped
public class ObjectService {

    public static final int MAX_HISTORY_PAGE = 1000;
    private static final int LIST_PAGE = 100;

    private final ObjectRepository objects;
    private final ObjectDirectory directory;
    private final PinRepository pins;
    private final ObjectStates states;
    private final ControlPlaneCache projects;
    private final KnownHeads heads;
    private final StoreOutage outage;

    public ObjectService(ObjectRepository objects, ObjectDirectory directory, PinRepository pins,
            ObjectStates states, ControlPlaneCache projects, KnownHeads heads, StoreOutage outage) {
        this.outage = outage;
        this.objects = objects;
        this.directory = directory;
        this.pins = pins;
        this.states = states;
        this.projects = projects;
        this.heads = heads;
    }

    /**
     * A computed state; {@code withoutStore} when the store could not be reached and the head was the last one the
     * cache knew (docs/design.md#store-outages).
     */
    public record Computed(StoredObject object, String state, long seq, Instant updatedAt, boolean withoutStore) {
    }

    public record Listed(List<ObjectRef> objects, String next) {
    }

    /** A listed object: {@code events} is how many it has, {@code updatedAt} when the last one was stored. */
    public record ObjectRef(String id, String type, long events, Instant updatedAt) {
    }

    /**
     * A page of the edit log. {@code changes} is null when the caller's level is the project's highest (it sees
     * each event's metaData); else it holds, per event, what the event changed in the state at the caller's
     * level ({@link StateChanges}), or null where the reducer fails at that level.
     */
    public record History(List<PinnedEvent> events, Long next, List<String> changes) {
    }

    public StoredObject create(ProjectScope scope, String type, String id) {
        if (!ObjectIds.isValidType(type)) {
            throw ApiProblem.invalid("type", ObjectIds.TYPE_RULE);
        }
        if (id != null && !ObjectIds.isValid(id)) {
            throw ApiProblem.invalid("id", ObjectIds.RULE);
        }
        String objectId = id != null ? id : RandomIds.next("obj");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        objects.insert(scope.projectId(), objectId, type, now);
        directory.add(scope.projectId(), type, objectId);
        directory.add(scope.projectId(), ObjectDirectory.ALL_TYPES, objectId);
        return new StoredObject(objectId, type, now, 0, now);
    }

    /** The state after {@code seq} events, after the events up to {@code at}, or now if neither is given. */
    public Computed read(ProjectScope scope, String objectId, Long seq, Instant at) {
        StoredObject object;
        boolean withoutStore = false;
        // A warm read takes the head from its note (docs/design.md#warm-reads-without-the-store); a read at an
        // instant searches the pins anyway.
        Optional<StoredObject> noted = at == null && ObjectIds.isValid(objectId)
                ? heads.trusted(scope.projectId(), objectId) : Optional.empty();
        try {
            if (noted.isPresent()) {
                object = noted.get();
            } else {
                outage.giveUpIfSuspected();
                OptionalLong epoch = heads.epochBeforeStoreRead();
                object = require(scope, objectId);
                heads.noteRead(scope.projectId(), object, epoch);
            }
        } catch (RuntimeException e) {
            if (!StoreUnreachable.causedBy(e) || at != null) {
                throw e;
            }
            // The store is away: answer from the cache if it holds the state at the last head noted, else 503.
            object = heads.last(scope.projectId(), objectId).orElseThrow(() -> e);
            withoutStore = true;
        }
        if (seq != null && at != null) {
            throw ApiProblem.invalid("seq", "give either seq or at, not both");
        }
        long target = object.head();
        if (seq != null) {
            if (seq < 0 || seq > object.head()) {
                throw ApiProblem.invalid("seq", "must be between 0 and " + object.head()
                        + ", the number of events of this object");
            }
            target = seq;
        } else if (at != null) {
            if (at.isBefore(object.createdAt())) {
                throw new ApiProblem(404, "not-found", "Not found",
                        "Object " + objectId + " did not exist yet at " + at);
            }
            target = seqAt(scope, object, at);
        }
        KnownState state;
        try {
            state = states.at(scope, object, target);
        } catch (ReducerProblems.ReadFailure failure) {
            throw isHighest(scope) ? failure : failure.redacted();
        }
        return new Computed(object, state.state(), target, state.updatedAt(), withoutStore);
    }

    /**
     * {@link #read} of the state now, answered without blocking when all it needs is at hand: the head from a trusted
     * note (one Redis call, docs/design.md#warm-reads-without-the-store) and the state in this process's copies
     * ({@link ObjectStates#kept}). Empty otherwise, and then {@link #read} answers on a worker.
     */
    public Future<Optional<Computed>> readKept(ProjectScope scope, String objectId) {
        if (!ObjectIds.isValid(objectId)) {
            return Future.succeededFuture(Optional.empty());
        }
        return heads.trustedWithoutWaiting(scope.projectId(), objectId).map(noted -> noted.flatMap(object -> states
                .kept(scope, object, object.head())
                .map(state -> new Computed(object, state.state(), object.head(), state.updatedAt(), false))));
    }

    /** A page of the edit log with the state before it and the state after each of its events. */
    public record Timeline(String before, List<PinnedEvent> events, List<String> states, Long next) {
    }

    public static final int MAX_TIMELINE_PAGE = 100;

    /** The edit log after {@code after}, each event with the state it led to, as reads at those seqs answer. */
    public Timeline timeline(ProjectScope scope, String objectId, long after, int limit) {
        StoredObject object = require(scope, objectId);
        History page = page(scope, object, after, limit, MAX_TIMELINE_PAGE);
        long start = Math.min(after, object.head());
        String before = states.at(scope, object, start).state();
        List<String> afterEach = new ArrayList<>(page.events().size());
        // Oldest first: each state is then one event on top of the one just computed (and cached).
        for (PinnedEvent event : page.events()) {
            afterEach.add(states.at(scope, object, event.seq()).state());
        }
        return new Timeline(before, page.events(), afterEach, page.next());
    }

    /**
     * The edit log after {@code after}. Raw metaData is for the project's highest level only: a reducer may hide
     * any of it from the others, who see what each event changed in the state at their level instead.
     */
    public History history(ProjectScope scope, String objectId, long after, int limit) {
        StoredObject object = require(scope, objectId);
        History page = page(scope, object, after, limit, MAX_HISTORY_PAGE);
        if (isHighest(scope) || page.events().isEmpty()) {
            return page;
        }
        List<String> changes = new ArrayList<>(page.events().size());
        states.walk(scope, object, after, page.events(), (event, before, afterIt) -> changes.add(
                before == null || afterIt == null ? null : StateChanges.between(before.state(), afterIt.state())));
        return new History(page.events(), page.next(), changes);
    }

    private boolean isHighest(ProjectScope scope) {
        return projects.project(scope.projectId()).map(p -> p.highestLevel().equals(scope.accessLevel()))
                .orElse(false);
    }

    private History page(ProjectScope scope, StoredObject object, long after, int limit, int maxLimit) {
        String objectId = object.id();
        if (after < 0) {
            throw ApiProblem.invalid("after", "must be 0 or more");
        }
        if (limit < 1 || limit > maxLimit) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + maxLimit);
        }
        long last = Math.min(object.head(), after + limit);
        List<PinnedEvent> page = after >= last ? List.of() : pins.range(scope.projectId(), objectId, after + 1, last);
        return new History(page, last < object.head() ? last : null, null);
    }

    /** Objects of one type (or all), oldest first; the cursor is the position in the type's directory. */
    public Listed list(ProjectScope scope, String type, String cursor) {
        String listed = type == null || type.isBlank() ? ObjectDirectory.ALL_TYPES : type;
        if (!ObjectDirectory.ALL_TYPES.equals(listed) && !ObjectIds.isValidType(listed)) {
            throw ApiProblem.invalid("type", ObjectIds.TYPE_RULE);
        }
        long position = parseCursor(cursor);
        long total = directory.count(scope.projectId(), listed);
        List<String> ids = new ArrayList<>();
        while (ids.size() < LIST_PAGE && position < total) {
            long page = position / ObjectDirectory.PAGE_SIZE;
            List<String> entries = directory.page(scope.projectId(), listed, page);
            int offset = (int) (position % ObjectDirectory.PAGE_SIZE);
            if (offset >= entries.size()) {
                // A page is short when a creator died between counting and adding: go on with the next.
                position = (page + 1) * ObjectDirectory.PAGE_SIZE;
                continue;
            }
            int take = Math.min(entries.size() - offset, LIST_PAGE - ids.size());
            ids.addAll(entries.subList(offset, offset + take));
            position += take;
        }
        List<ObjectRef> refs = new ArrayList<>(ids.size());
        var found = objects.findMany(scope.projectId(), ids);
        for (String id : ids) {
            StoredObject object = found.get(id);
            if (object != null) {
                refs.add(new ObjectRef(object.id(), object.type(), object.head(), object.lastCreatedAt()));
            }
        }
        return new Listed(refs, position < total ? Long.toString(position) : null);
    }

    private StoredObject require(ProjectScope scope, String objectId) {
        if (!ObjectIds.isValid(objectId)) {
            throw ApiProblem.notFound("Object " + objectId);
        }
        return objects.find(scope.projectId(), objectId).orElseThrow(() -> ApiProblem.notFound("Object " + objectId));
    }

    /** The largest seq whose createdAt is at or before {@code at}: a binary search over pins by id. */
    private long seqAt(ProjectScope scope, StoredObject object, Instant at) {
        return pins.lastSeqAtOrBefore(scope.projectId(), object.id(), object.head(), at);
    }

    private static long parseCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            long position = Long.parseLong(cursor);
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // fall through to the problem below
        }
        throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
    }
}
