package io.padic.api.inference;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Field statistics of flagged events, in exact-key documents of {@code field_stats} (docs/design.md#storage-layout):
 * <ul>
 * <li>{@code <projectId>/<type>}: {@code {projectId, type, version, events, untracked, paths: [key…],
 * f: {key: {t: {string: 3, integer: 1, instant: 2, …}, ex: ["\"SKU-1\"", …]}}}}: per path, how often each
 * JSON type occurred (and how many strings were instants) and the first examples; a key is a
 * {@link FieldPath#key()}, safe in a Mongo field name.</li>
 * <li>{@code <projectId>}: {@code {types: […]}}, the types that have statistics, read by the suggestion.</li>
 * </ul>
 * One document per type rather than one per field: the flagged events of one type in one written group cost
 * one {@code _id} read (which paths exist, for the cap, and their examples, so only new ones are pushed) and one
 * upsert of {@code $inc}, {@code $addToSet} and {@code $push}+{@code $slice}, however many events and fields they
 * have; the first event of a type adds two writes to the project's list. At most {@value #MAX_FIELDS} paths of short entries keep the
 * document far below Mongo's limit. Statistics count from the type's current version: the first flagged
 * event of a newer version starts them afresh, and events checked against an older one are not counted.
 * Concurrent first sightings may overshoot a cap by a few; the counts themselves are exact.
 */
@ApplicationScoped
public class FieldStatsStore {

    public static final int MAX_FIELDS = 200;
    public static final int MAX_TYPES = 500;

    private final MongoDatabase database;

    public FieldStatsStore(MongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.database") String databaseName) {
        this.database = client.getDatabase(databaseName);
    }

    private MongoCollection<Document> stats() {
        return database.getCollection("field_stats");
    }

    /**
     * Adds {@code events} flagged events of one type, checked against {@code version} of it (0: undeclared), with
     * what they show together ({@link Observation#merged}).
     */
    public void record(String projectId, String type, int version, Observation observation, long events) {
        String id = projectId + "/" + type;
        List<Observation.Tally> tallies = observation.tallies();
        List<String> wanted = new ArrayList<>(List.of("version", "paths"));
        tallies.forEach(tally -> wanted.add("f." + tally.path().key() + ".ex"));
        Document current = stats().find(eq("_id", id)).projection(Projections.include(wanted)).first();
        if (current == null) {
            if (!listType(projectId, type)) {
                return;
            }
        } else {
            int counted = current.getInteger("version", 0);
            if (version < counted) {
                return;
            }
            if (version > counted) {
                startAfresh(id, counted, version);
                current = null;
            }
        }
        stats().updateOne(eq("_id", id), update(projectId, type, version, observation, events, current),
                new UpdateOptions().upsert(true));
    }

    private static Bson update(String projectId, String type, int version, Observation observation, long events,
            Document current) {
        Set<String> known = new HashSet<>(current == null ? List.of()
                : current.getList("paths", String.class, List.of()));
        Document stored = current == null ? null : current.get("f", Document.class);
        int room = MAX_FIELDS - known.size();
        long untracked = observation.untracked();
        List<Bson> updates = new ArrayList<>(List.of(Updates.setOnInsert("projectId", projectId),
                Updates.setOnInsert("type", type), Updates.setOnInsert("version", version),
                Updates.inc("events", events)));
        List<String> keys = new ArrayList<>();
        for (Observation.Tally tally : observation.tallies()) {
            String key = tally.path().key();
            if (!known.contains(key)) {
                if (room <= 0) {
                    untracked += tally.occurrences();
                    continue;
                }
                room--;
            }
            keys.add(key);
            String at = "f." + key;
            tally.kinds().forEach((kind, count) -> updates.add(Updates.inc(at + ".t." + kind.wire(), (long) count)));
            if (tally.instants() > 0) {
                updates.add(Updates.inc(at + ".t.instant", (long) tally.instants()));
            }
            List<String> examples = examplesOf(stored, key);
            List<String> fresh = tally.examples().stream().filter(e -> !examples.contains(e)).toList();
            if (examples.size() < Observation.MAX_EXAMPLES && !fresh.isEmpty()) {
                updates.add(Updates.pushEach(at + ".ex", fresh, new PushOptions().slice(Observation.MAX_EXAMPLES)));
            }
        }
        if (!keys.isEmpty()) {
            updates.add(Updates.addEachToSet("paths", keys));
        }
        if (untracked > 0) {
            updates.add(Updates.inc("untracked", untracked));
        }
        return Updates.combine(updates);
    }

    private static List<String> examplesOf(Document stored, String key) {
        Document field = stored == null ? null : stored.get(key, Document.class);
        return field == null ? List.of() : field.getList("ex", String.class, List.of());
    }

    /** Lists the type in the project's document, unless the project already has {@value #MAX_TYPES}. */
    private boolean listType(String projectId, String type) {
        Document listed = stats().find(eq("_id", projectId)).first();
        List<String> types = listed == null ? List.of() : listed.getList("types", String.class, List.of());
        if (types.contains(type)) {
            return true;
        }
        if (types.size() >= MAX_TYPES) {
            return false;
        }
        stats().updateOne(eq("_id", projectId), Updates.combine(Updates.setOnInsert("projectId", projectId),
                Updates.addToSet("types", type)), new UpdateOptions().upsert(true));
        return true;
    }

    /** Empties the statistics counted for an older version; whoever comes second finds nothing to do. */
    private void startAfresh(String id, int counted, int version) {
        stats().updateOne(and(eq("_id", id), eq("version", counted)), Updates.combine(Updates.set("version", version),
                Updates.set("events", 0L), Updates.set("untracked", 0L), Updates.set("paths", List.of()),
                Updates.set("f", new Document())));
    }

    /** The statistics of every listed type of the project, by computed ids. */
    public List<TypeStats> load(String projectId) {
        Document listed = stats().find(eq("_id", projectId)).first();
        List<String> ids = new ArrayList<>();
        if (listed != null) {
            listed.getList("types", String.class, List.of()).forEach(type -> ids.add(projectId + "/" + type));
        }
        List<TypeStats> found = new ArrayList<>();
        if (!ids.isEmpty()) {
            stats().find(in("_id", ids)).forEach(doc -> found.add(TypeStats.of(doc)));
        }
        return found;
    }
}
