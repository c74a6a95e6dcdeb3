package io.padic.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.common.ApiProblem.FieldError;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.Digests;
import io.padic.api.common.PadicConfig;
import io.padic.api.common.Problem;
import io.padic.api.common.Quotas;
import io.padic.api.common.RandomIds;
import io.padic.api.eventtypes.SchemaGate;
import io.padic.api.journal.BatchWriter;
import io.padic.api.journal.EventRecord;
import io.padic.api.journal.EventRepository;
import io.padic.api.journal.ObjectHints;
import io.padic.api.journal.StoredObject;
import io.padic.api.projects.ProjectScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accepts events: checks them, honours Idempotency-Key (I3) and hands single events to {@link SingleEvents} (which
 * writes concurrent ones in groups) and batches to the {@link BatchWriter}, then each written group to the
 * {@link AfterWritePipeline} before answering. Nothing is stored for a request that
 * fails its checks (I7).
 */
@ApplicationScoped
public class IngestService {

    private final SingleEvents singles;
    private final BatchWriter batchWriter;
    private final ObjectHints hints;
    private final ObjectMapper json;
    private final SchemaGate schemas;
    private final AfterWritePipeline afterWrite;
    private final Quotas quotas;

    public IngestService(SingleEvents singles, BatchWriter batchWriter, ObjectHints hints, ObjectMapper json,
            SchemaGate schemas, AfterWritePipeline afterWrite, PadicConfig config) {
        this.singles = singles;
        this.batchWriter = batchWriter;
        this.hints = hints;
        this.json = json;
        this.schemas = schemas;
        this.afterWrite = afterWrite;
        this.quotas = config.quotas();
    }

    /** One item's outcome in a batch: the event, or the problem that kept it out. */
    @com.fasterxml.jackson.annotation.JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchItem(int status, EventView event, Problem problem) {
    }

    public EventView ingest(ProjectScope scope, NewEvent event, String idempotencyKey) {
        String key = idempotencyKey != null ? idempotencyKey : event.idempotencyKey();
        String keyField = idempotencyKey != null ? "Idempotency-Key" : "idempotencyKey";
        EventRules.checkIdempotencyKey(key, keyField);
        EventRules.Checked checked = EventRules.check(event, quotas.objectsPerEvent());
        Map<String, StoredObject> known = hints.find(scope.projectId(), checked.concerns());
        requireObjects(checked.concerns(), known);
        JsonNode metaData = event.metaData() == null ? json.createObjectNode() : event.metaData();
        SchemaGate.Verdict verdict = schemas.check(scope.projectId(), checked.type(), metaData);
        return singles.write(new SingleEvents.Single(candidate(scope, RandomIds.next("evt"), now(), key != null, checked,
                verdict).event(), metaData, verdict, key, keyField, key == null ? null : digest(checked), known));
    }

    /**
     * Each item is written or refused on its own; the answers come back in the items' order. All items are
     * checked first; the accepted ones are written in bulk (see {@link BatchWriter}), except items with their
     * own {@code idempotencyKey}, which take the single-event path at their place in the order.
     */
    public List<BatchItem> ingestBatch(ProjectScope scope, byte[] body) {
        List<BatchBody.Item> items = BatchBody.read(json, body, quotas.eventsPerBatch());
        requireObjectsWithinQuota(items);
        int size = items.size();
        BatchItem[] results = new BatchItem[size];
        NewEvent[] keyed = new NewEvent[size];
        EventRules.Checked[] checked = new EventRules.Checked[size];
        NewEvent[] events = new NewEvent[size];
        Set<String> concerned = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            BatchBody.Item item = items.get(i);
            if (item.problem() != null) {
                results[i] = refused(item.problem());
                continue;
            }
            NewEvent event = item.event();
            try {
                if (event.idempotencyKey() != null) {
                    keyed[i] = event;
                } else {
                    events[i] = event;
                    checked[i] = EventRules.check(event, quotas.objectsPerEvent());
                    concerned.addAll(checked[i].concerns());
                }
            } catch (ApiProblem e) {
                results[i] = refused(e);
            }
        }
        Map<String, StoredObject> known = concerned.isEmpty() ? Map.of() : hints.find(scope.projectId(), concerned);
        // One creation time for the batch: its single-object events are recorded together (BatchWriter).
        Instant createdAt = now();
        List<Accepted> group = new ArrayList<>();
        String groupId = RandomIds.next("evt");
        for (int i = 0; i < size; i++) {
            if (keyed[i] != null) {
                writeAll(scope, groupId, group, results);
                groupId = RandomIds.next("evt");
                try {
                    results[i] = new BatchItem(201, ingest(scope, keyed[i], null), null);
                } catch (ApiProblem e) {
                    results[i] = refused(e);
                }
            } else if (checked[i] != null) {
                try {
                    requireObjects(checked[i].concerns(), known);
                    JsonNode metaData = events[i].metaData() == null ? json.createObjectNode() : events[i].metaData();
                    String eventId = checked[i].concerns().size() == 1 ? EventRepository.memberId(groupId, i)
                            : RandomIds.next("evt");
                    group.add(new Accepted(i, candidate(scope, eventId, createdAt, false, checked[i],
                            schemas.check(scope.projectId(), checked[i].type(), metaData)), metaData));
                } catch (ApiProblem e) {
                    results[i] = refused(e);
                }
            }
        }
        writeAll(scope, groupId, group, results);
        return List.of(results);
    }

    /** The whole batch is refused, nothing stored, when its events together concern more objects than the quota. */
    private void requireObjectsWithinQuota(List<BatchBody.Item> items) {
        long objects = 0;
        for (BatchBody.Item item : items) {
            JsonNode concerns = item.event() == null ? null : item.event().concerns();
            objects += concerns == null ? 0 : concerns.isArray() ? concerns.size() : 1;
        }
        if (objects > quotas.objectsPerRequest()) {
            throw Quotas.exceeded(422, "objects-per-request", quotas.objectsPerRequest(), "events", "concern "
                    + objects + " objects together; one request may concern at most " + quotas.objectsPerRequest());
        }
    }

    /** An item that passed every check, waiting to be written with the others. */
    private record Accepted(int index, Candidate candidate, JsonNode metaData) {
    }

    private record Candidate(EventRecord event, SchemaGate.Verdict verdict) {
    }

    /** Writes the accepted items since the last keyed one; {@code groupId} prefixes its members' ids. */
    private void writeAll(ProjectScope scope, String groupId, List<Accepted> group, BatchItem[] results) {
        if (group.isEmpty()) {
            return;
        }
        List<EventRecord> batch = group.stream().map(a -> a.candidate().event()).toList();
        Set<String> concerned = new LinkedHashSet<>();
        batch.forEach(e -> concerned.addAll(e.concerns()));
        // From this process's hints, which an earlier group or keyed item may have moved on since the checks.
        Map<String, StoredObject> known = hints.find(scope.projectId(), concerned);
        List<EventRecord> stored = batchWriter.write(scope.projectId(), groupId, batch, known);
        List<WrittenGroup.Written> written = new ArrayList<>(group.size());
        for (int k = 0; k < group.size(); k++) {
            Accepted accepted = group.get(k);
            written.add(new WrittenGroup.Written(stored.get(k), accepted.metaData(), accepted.candidate().verdict()));
        }
        afterWrite.written(new WrittenGroup(scope.projectId(), written, objectTypes(concerned, known)));
        for (int k = 0; k < group.size(); k++) {
            results[group.get(k).index()] = new BatchItem(201, EventView.of(stored.get(k)), null);
        }
        group.clear();
    }

    private static Candidate candidate(ProjectScope scope, String eventId, Instant createdAt, boolean keyed,
            EventRules.Checked checked, SchemaGate.Verdict verdict) {
        return new Candidate(new EventRecord(scope.projectId(), eventId, checked.type(), verdict.typeVersion(),
                createdAt, checked.occurredAt(), checked.concerns(), checked.metaData(), List.of(), keyed), verdict);
    }

    /** The type of each concerned object: an object's type never changes, so the hint is exact. */
    static Map<String, String> objectTypes(Iterable<String> concerns, Map<String, StoredObject> known) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String objectId : concerns) {
            StoredObject object = known.get(objectId);
            if (object != null) {
                types.put(objectId, object.type());
            }
        }
        return types;
    }

    /** Every concerned object must exist; each missing one is named in the problem. */
    private static void requireObjects(List<String> concerns, Map<String, StoredObject> found) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < concerns.size(); i++) {
            if (!found.containsKey(concerns.get(i))) {
                String field = concerns.size() == 1 ? "concerns" : "concerns[" + i + "]";
                errors.add(new FieldError(field, "object '" + concerns.get(i)
                        + "' does not exist; create it with POST /v1/objects first"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    private static BatchItem refused(ApiProblem problem) {
        return new BatchItem(problem.status(), null, Problem.of(problem));
    }

    private static String digest(EventRules.Checked checked) {
        return Digests.sha256(checked.canonical());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
