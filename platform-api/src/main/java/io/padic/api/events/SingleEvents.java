package io.padic.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.PadicConfig;
import io.padic.api.eventtypes.SchemaGate;
import io.padic.api.journal.BatchWriter;
import io.padic.api.journal.EventRecord;
import io.padic.api.journal.EventRepository;
import io.padic.api.journal.EventWriter;
import io.padic.api.journal.IdempotencyRepository;
import io.padic.api.journal.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes single events in groups (group commit, docs/design.md#group-commit): the requests of one project that arrive
 * while a group of that project is being written wait, and are then written together by one of them, with the round
 * trips of one event: their keys claimed in one insert, their documents in another, their pins and heads as a batch's
 * ({@link BatchWriter#pinAll}), their answers saved in one update. A request that finds no group being written is
 * written at once, alone, so one client alone waits for nothing more than before.
 *
 * <p>What a group does not settle for a request, it hands back to it, to take the path of one event on its own
 * ({@link #alone}), as before groups: an event of several objects, a key someone claimed first (a retry, a concurrent
 * duplicate: the path finds the first request's answer or completes the same event) and an event id stored already
 * (a retry resumed it).
 */
@ApplicationScoped
public class SingleEvents {

    /** A checked event waiting to be written, with its key (if any) and the objects it concerns as last known. */
    record Single(EventRecord event, JsonNode metaData, SchemaGate.Verdict verdict, String key, String keyField,
            String digest, Map<String, StoredObject> known) {
    }

    private final EventWriter writer;
    private final BatchWriter batchWriter;
    private final EventRepository events;
    private final IdempotencyRepository idempotency;
    private final AfterWritePipeline afterWrite;
    private final ObjectMapper json;
    private final int largestGroup;
    private final int groupsInFlight;
    private final long gatherNanos;
    private final DistributionSummary groupSizes;
    // A lane that falls out while in use only means a second group of the project may be written beside it:
    // writers never rely on being alone (docs/design.md#i1-order).
    private final Cache<String, GroupLane<Waiting>> lanes = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5)).build();

    public SingleEvents(EventWriter writer, BatchWriter batchWriter, EventRepository events,
            IdempotencyRepository idempotency, AfterWritePipeline afterWrite, ObjectMapper json,
            PadicConfig config, MeterRegistry registry) {
        this.writer = writer;
        this.batchWriter = batchWriter;
        this.events = events;
        this.idempotency = idempotency;
        this.afterWrite = afterWrite;
        this.json = json;
        this.largestGroup = config.quotas().eventsPerBatch();
        this.groupsInFlight = config.store().groupsInFlight();
        this.gatherNanos = config.store().groupGather().toNanos();
        this.groupSizes = DistributionSummary.builder("padic.ingest.group.events")
                .description("Single events written together in one group (group commit)")
                .register(registry);
    }

    /** Writes the event (or finds the first answer for its key) and returns the answer. */
    EventView write(Single single) {
        Waiting waiting = new Waiting(single);
        GroupLane<Waiting> lane = lanes.get(single.event().projectId(), id -> new GroupLane<>());
        if (lane.join(waiting, groupsInFlight) || waiting.awaitOutcomeOrTurn()) {
            List<Waiting> group = lane.gather(waiting, largestGroup, gatherNanos);
            Runnable answers = () -> { };
            try {
                answers = writeGroup(group);
            } finally {
                // The next group may be written while this one's requests are woken: they wait for nothing more.
                lane.groupDone(group.size());
            }
            answers.run();
        }
        return outcomeOf(waiting);
    }

    /**
     * One request's place in a lane: settled with its answer, a failure, or the word to go on alone; or, before that,
     * given the turn to lead a group (its own request first).
     */
    private static final class Waiting implements GroupLane.Member {
        private final Single single;
        /** The request's own thread, the only one that waits on this. */
        private final Thread thread = Thread.currentThread();
        // Written before settled (or leads) is, and read after it: the volatile write publishes them.
        private EventView answer;
        private RuntimeException failure;
        /** Null until the request is handed back to go on alone; then what the group learnt of its key. */
        private KeyClaim alone;
        private volatile boolean settled;
        private volatile boolean leads;

        Waiting(Single single) {
            this.single = single;
        }

        boolean settled() {
            return settled;
        }

        /**
         * Waits until another request's group settles this one (false) or this one must lead a group (true). Parked,
         * not in a monitor's wait: waking 35 requests through their monitors took 30% of platform-api's CPU samples
         * under 64 clients.
         */
        boolean awaitOutcomeOrTurn() {
            boolean interrupted = false;
            while (!settled && !leads) {
                LockSupport.park(this);
                // The request must learn what became of its event, so it keeps waiting.
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                thread.interrupt();
            }
            return !settled;
        }

        @Override
        public void lead() {
            leads = true;
            LockSupport.unpark(thread);
        }

        void answer(EventView view) {
            answer = view;
            settle();
        }

        void fail(RuntimeException e) {
            failure = e;
            settle();
        }

        void goAlone(KeyClaim key) {
            alone = key;
            settle();
        }

        private void settle() {
            settled = true;
            LockSupport.unpark(thread);
        }
    }

    /** What a group learnt of a request's key before handing the request back. */
    private enum KeyClaim {
        /** Not tried (no key, or an event of several objects): the request claims it itself. */
        NOT_TRIED,
        /** Claimed for this request's event id: nobody else's answer can be waiting. */
        OURS,
        /** Someone claimed it first: the request reads that claim. */
        TAKEN
    }

    private EventView outcomeOf(Waiting waiting) {
        if (waiting.failure != null) {
            throw waiting.failure;
        }
        return waiting.alone != null ? alone(waiting.single, waiting.alone) : waiting.answer;
    }

    /** Writes the group and returns what answers its requests, to run once the lane is handed on. */
    private Runnable writeGroup(List<Waiting> group) {
        groupSizes.record(group.size());
        String projectId = group.getFirst().single.event().projectId();
        try {
            for (Waiting waiting : group) {
                if (waiting.single.event().concerns().size() > 1) {
                    // Its pins follow claims object by object, which the one-event path does (and the sweep redoes).
                    waiting.goAlone(KeyClaim.NOT_TRIED);
                }
            }
            List<Waiting> fresh = storeDocuments(claimKeys(projectId, unsettled(group)));
            return fresh.isEmpty() ? () -> { } : pin(projectId, fresh);
        } catch (RuntimeException e) {
            for (Waiting waiting : group) {
                if (!waiting.settled()) {
                    waiting.fail(e);
                }
            }
            return () -> { };
        }
    }

    /** Claims the group's keys; a request whose key someone holds goes on alone. Returns the others. */
    private List<Waiting> claimKeys(String projectId, List<Waiting> group) {
        List<Waiting> keyed = group.stream().filter(w -> w.single.key() != null).toList();
        if (keyed.isEmpty()) {
            return group;
        }
        Set<Integer> taken = idempotency.claimAll(projectId, keyed.stream().map(w -> new IdempotencyRepository.NewClaim(
                w.single.key(), w.single.digest(), w.single.event().eventId())).toList());
        for (int i : taken) {
            keyed.get(i).goAlone(KeyClaim.TAKEN);
        }
        return unsettled(group);
    }

    /** Stores the events' documents; an event someone stored already (a retry resumed it) goes on alone. */
    private List<Waiting> storeDocuments(List<Waiting> group) {
        if (group.isEmpty()) {
            return group;
        }
        Set<Integer> stored = events.insertNew(group.stream().map(w -> w.single.event()).toList());
        for (int i : stored) {
            group.get(i).goAlone(KeyClaim.OURS);
        }
        return unsettled(group);
    }

    private static List<Waiting> unsettled(List<Waiting> group) {
        return group.stream().filter(w -> !w.settled()).toList();
    }

    /** Pins the group's events, hands them on and saves their answers; returns what gives each request its answer. */
    private Runnable pin(String projectId, List<Waiting> group) {
        Set<String> concerned = new LinkedHashSet<>();
        // Hints: BatchWriter merges them with what this process learnt since, under the objects' locks.
        Map<String, StoredObject> known = new HashMap<>();
        for (Waiting waiting : group) {
            concerned.addAll(waiting.single.event().concerns());
            known.putAll(waiting.single.known());
        }
        List<EventRecord> stored = batchWriter.pinAll(projectId, group.stream().map(w -> w.single.event()).toList(),
                known);
        List<WrittenGroup.Written> written = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            Single single = group.get(i).single;
            written.add(new WrittenGroup.Written(stored.get(i), single.metaData(), single.verdict()));
        }
        afterWrite.written(new WrittenGroup(projectId, written, IngestService.objectTypes(concerned, known)));
        Map<String, String> responses = new LinkedHashMap<>();
        List<EventView> views = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            EventView view = EventView.of(stored.get(i));
            views.add(view);
            if (group.get(i).single.key() != null) {
                responses.put(group.get(i).single.key(), write(view));
            }
        }
        idempotency.saveResponses(projectId, responses);
        return () -> {
            for (int i = 0; i < group.size(); i++) {
                group.get(i).answer(views.get(i));
            }
        };
    }

    /**
     * One event on its own, as before groups: its key is claimed (or found claimed: then the first answer, a 422 for
     * another request, or the same event completed), then it is written, handed on and answered. What the group learnt
     * of the key saves asking again.
     */
    private EventView alone(Single single, KeyClaim claim) {
        EventRecord event = single.event();
        String projectId = event.projectId();
        if (single.key() != null && claim != KeyClaim.OURS) {
            Optional<IdempotencyRepository.Claim> earlier = claim == KeyClaim.TAKEN
                    // Found unless it expired since (keys live for days): then this request may claim it.
                    ? idempotency.find(projectId, single.key()).or(() -> claimKey(single))
                    : claimKey(single);
            if (earlier.isPresent()) {
                if (!earlier.get().requestDigest().equals(single.digest())) {
                    throw ApiProblem.invalid(single.keyField(),
                            "was used before with a different request; use a new key for a new request");
                }
                if (earlier.get().response() != null) {
                    return read(earlier.get().response());
                }
                // The first attempt died or is still running: finish the same event, never a second one.
                event = event.withId(earlier.get().eventId());
            }
        }
        EventRecord stored = writer.write(event, single.known());
        afterWrite.written(new WrittenGroup(projectId, List.of(new WrittenGroup.Written(stored, single.metaData(),
                single.verdict())), IngestService.objectTypes(event.concerns(), single.known())));
        EventView view = EventView.of(stored);
        if (single.key() != null) {
            idempotency.saveResponses(projectId, Map.of(single.key(), write(view)));
        }
        return view;
    }

    private Optional<IdempotencyRepository.Claim> claimKey(Single single) {
        return idempotency.claim(single.event().projectId(), single.key(), single.digest(), single.event().eventId());
    }

    private String write(EventView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private EventView read(String response) {
        try {
            return json.readValue(response, EventView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
