package io.padic.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.ApiProblem.FieldError;
import io.padic.api.common.Digests;
import io.padic.api.common.JsonProblems;
import io.padic.api.common.RandomIds;
import io.padic.api.objects.ObjectRepository;
import io.padic.api.objects.StoredObject;
import io.padic.api.projects.ProjectScope;
import io.padic.api.schemas.FieldStatistics;
import io.padic.api.schemas.SchemaGate;
import io.padic.api.violations.ViolationLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Accepts events: checks them, honours Idempotency-Key (I3) and hands them to the {@link EventWriter}.
 * Nothing is stored for a request that fails its checks (I7).
 */
@ApplicationScoped
public class IngestService {

    public static final int MAX_BATCH = 1000;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(IngestService.class);

    private final EventWriter writer;
    private final ObjectRepository objects;
    private final IdempotencyRepository idempotency;
    private final ObjectMapper json;
    private final SchemaGate schemas;
    private final ViolationLog violations;
    private final FieldStatistics statistics;
    @jakarta.inject.Inject
    EventFeed feed;

    public IngestService(EventWriter writer, ObjectRepository objects, IdempotencyRepository idempotency,
            ObjectMapper json, SchemaGate schemas, ViolationLog violations, FieldStatistics statistics) {
        this.writer = writer;
        this.objects = objects;
        this.idempotency = idempotency;
        this.json = json;
        this.schemas = schemas;
        this.violations = violations;
        this.statistics = statistics;
    }

    /** One item's outcome in a batch: the event, or the problem that kept it out. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record BatchItem(int status, EventView event, io.padic.api.common.Problem problem) {
    }

    public EventView ingest(ProjectScope scope, NewEvent event, String idempotencyKey) {
        String key = idempotencyKey != null ? idempotencyKey : event.idempotencyKey();
        EventRules.checkIdempotencyKey(key, idempotencyKey != null ? "Idempotency-Key" : "idempotencyKey");
        EventRules.Checked checked = EventRules.check(event);
        Map<String, StoredObject> known = requireObjects(scope.projectId(), checked.concerns());
        JsonNode metaData = event.metaData() == null ? json.createObjectNode() : event.metaData();
        SchemaGate.Verdict verdict = schemas.check(scope.projectId(), checked.type(), metaData);

        String eventId = RandomIds.next("evt");
        if (key != null) {
            var earlier = idempotency.claim(scope.projectId(), key, digest(checked), eventId);
            if (earlier.isPresent()) {
                if (!earlier.get().requestDigest().equals(digest(checked))) {
                    throw ApiProblem.invalid(idempotencyKey != null ? "Idempotency-Key" : "idempotencyKey",
                            "was used before with a different request; use a new key for a new request");
                }
                if (earlier.get().response() != null) {
                    return read(earlier.get().response());
                }
                // The first attempt died or is still running: finish the same event, never a second one.
                eventId = earlier.get().eventId();
            }
        }
        EventRecord candidate = new EventRecord(scope.projectId(), eventId, checked.type(), verdict.typeVersion(),
                now(), checked.occurredAt(), checked.concerns(), checked.metaData(), List.of());
        EventRecord stored = writer.write(candidate, known);
        feed.append(stored);
        if (!verdict.flagged().isEmpty()) {
            recordFlagged(stored, verdict, metaData);
        }
        EventView view = EventView.of(stored);
        if (key != null) {
            idempotency.saveResponse(scope.projectId(), key, write(view));
        }
        return view;
    }

    /** Each item is written or refused on its own; the answers come back in the items' order. */
    public List<BatchItem> ingestBatch(ProjectScope scope, JsonNode items) {
        if (items == null || !items.isArray()) {
            throw ApiProblem.invalid("events", "must be a list of events");
        }
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            throw ApiProblem.invalid("events", "holds " + items.size() + " events; a batch holds 1 to " + MAX_BATCH);
        }
        List<BatchItem> results = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            try {
                NewEvent event = json.treeToValue(item, NewEvent.class);
                results.add(new BatchItem(201, ingest(scope, event, null), null));
            } catch (JsonMappingException e) {
                results.add(refused(JsonProblems.of(e)));
            } catch (JsonProcessingException e) {
                results.add(refused(ApiProblem.invalid("events", e.getOriginalMessage())));
            } catch (ApiProblem e) {
                results.add(refused(e));
            }
        }
        return results;
    }

    /** The event is stored and acknowledged whatever happens here: a lost violation must not fail it. */
    private void recordFlagged(EventRecord stored, SchemaGate.Verdict verdict, JsonNode metaData) {
        try {
            if (violations.record(stored, verdict.flagged())) {
                statistics.observe(stored.projectId(), stored.type(), metaData, verdict);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Event %s is stored, but its violations could not be recorded", stored.eventId());
        }
    }

    private Map<String, StoredObject> requireObjects(String projectId, List<String> concerns) {
        Map<String, StoredObject> found = objects.findMany(projectId, concerns);
        if (found.size() == concerns.size()) {
            return found;
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < concerns.size(); i++) {
            if (!found.containsKey(concerns.get(i))) {
                String field = concerns.size() == 1 ? "concerns" : "concerns[" + i + "]";
                errors.add(new FieldError(field, "object '" + concerns.get(i)
                        + "' does not exist; create it with POST /v1/objects first"));
            }
        }
        throw ApiProblem.invalid(errors);
    }

    private static BatchItem refused(ApiProblem problem) {
        return new BatchItem(problem.status(), null, io.padic.api.common.Problem.of(problem));
    }

    private static String digest(EventRules.Checked checked) {
        return Digests.sha256(checked.canonical());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
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
