package io.padic.api.analytics;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.padic.api.store.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code analytics_projects}: per project, its current {@link AnalyticsScope}, and while a build runs, which process
 * builds it and when it last said so. Read by id; the scans here ({@link #buildsToClaim}) run in the background over
 * this small collection only.
 */
@ApplicationScoped
public class AnalyticsScopes {

    private static final String EPOCH = "epoch";
    private static final String ZONE = "zone";
    private static final String BUILDING = "building";
    private static final String BUILDER = "builder";
    private static final String BEAT = "beat";
    private static final String LAYOUT = "layout";
    /**
     * The layout of the rollups this code reads and writes. A generation counted in an older one (no {@code layout}:
     * 1) is rebuilt when a process of this code finds it ({@link AnalyticsBuilds}). 2: funnel entries by week,
     * transition times as {@link TimeCounts} binaries.
     */
    static final int CURRENT_LAYOUT = 2;

    private final EventStore store;

    public AnalyticsScopes(EventStore store) {
        this.store = store;
    }

    Optional<AnalyticsScope> find(String projectId) {
        return Optional.ofNullable(store.analyticsProjects().find(eq("_id", projectId)).first())
                .map(AnalyticsScopes::decode);
    }

    Map<String, AnalyticsScope> find(Collection<String> projectIds) {
        Map<String, AnalyticsScope> out = new HashMap<>();
        for (Document doc : store.analyticsProjects().find(in("_id", new ArrayList<>(projectIds)))) {
            out.put(doc.getString("_id"), decode(doc));
        }
        return out;
    }

    /** Every project's current scope: a scan of this small collection, for the background anomaly check. */
    List<AnalyticsScope> all() {
        List<AnalyticsScope> out = new ArrayList<>();
        for (Document doc : store.analyticsProjects().find()) {
            out.add(decode(doc));
        }
        return out;
    }

    /**
     * The project's scope, made as the first generation if it has none: {@code building} when its events may
     * predate analytics (found at startup), else ready (a project that analytics counted from its first event).
     */
    AnalyticsScope findOrCreate(String projectId, ZoneId zone, boolean building) {
        try {
            store.analyticsProjects().insertOne(new Document("_id", projectId).append(EPOCH, 1L)
                    .append(ZONE, zone.getId()).append(BUILDING, building).append(LAYOUT, CURRENT_LAYOUT));
        } catch (MongoWriteException e) {
            if (!EventStore.isDuplicateKey(e)) {
                throw e;
            }
        }
        return find(projectId).orElseThrow();
    }

    /** Starts the next generation, empty and building, in {@code zone}; the current one is no longer read. */
    AnalyticsScope next(String projectId, ZoneId zone) {
        Document doc = store.analyticsProjects().findOneAndUpdate(eq("_id", projectId), nextGeneration(zone),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return decode(doc);
    }

    /** Projects whose generation was counted in an older layout: a scan of this small collection, in the background. */
    List<String> olderLayouts() {
        List<String> out = new ArrayList<>();
        for (Document doc : store.analyticsProjects().find(olderLayout()).projection(Projections.include("_id"))) {
            out.add(doc.getString("_id"));
        }
        return out;
    }

    /**
     * {@link #next}, if the project's generation is still of an older layout: of several processes that find it,
     * one starts the rebuild.
     */
    Optional<AnalyticsScope> nextForLayout(String projectId, ZoneId zone) {
        return Optional.ofNullable(store.analyticsProjects().findOneAndUpdate(and(eq("_id", projectId), olderLayout()),
                nextGeneration(zone), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .map(AnalyticsScopes::decode);
    }

    private static Bson olderLayout() {
        return or(eq(LAYOUT, null), lt(LAYOUT, CURRENT_LAYOUT));
    }

    private static Bson nextGeneration(ZoneId zone) {
        return Updates.combine(Updates.inc(EPOCH, 1L), Updates.set(ZONE, zone.getId()), Updates.set(BUILDING, true),
                Updates.set(LAYOUT, CURRENT_LAYOUT), Updates.unset(BUILDER), Updates.unset(BEAT));
    }

    /** Builds no process has claimed, or whose builder stopped saying so before {@code staleBefore}. */
    List<AnalyticsScope> buildsToClaim(Instant staleBefore) {
        List<AnalyticsScope> out = new ArrayList<>();
        for (Document doc : store.analyticsProjects().find(and(eq(BUILDING, true),
                or(eq(BUILDER, null), lt(BEAT, Date.from(staleBefore)))))) {
            out.add(decode(doc));
        }
        return out;
    }

    /**
     * Makes {@code processId} the builder of this generation if it is still current and building, and unclaimed
     * or claimed by a process that stopped beating before {@code staleBefore}.
     */
    boolean claim(AnalyticsScope scope, String processId, Instant staleBefore) {
        return store.analyticsProjects().updateOne(
                and(eq("_id", scope.projectId()), eq(EPOCH, scope.epoch()), eq(BUILDING, true),
                        or(eq(BUILDER, null), eq(BUILDER, processId), lt(BEAT, Date.from(staleBefore)))),
                Updates.combine(Updates.set(BUILDER, processId), Updates.set(BEAT, new Date())))
                .getModifiedCount() == 1;
    }

    /** Renews the claim; false once the generation is no longer current or another process took it. */
    boolean beat(AnalyticsScope scope, String processId) {
        return store.analyticsProjects().updateOne(
                and(eq("_id", scope.projectId()), eq(EPOCH, scope.epoch()), eq(BUILDER, processId)),
                Updates.set(BEAT, new Date())).getMatchedCount() == 1;
    }

    /** Marks the generation built, if it is still current and this process's. */
    boolean finish(AnalyticsScope scope, String processId) {
        return store.analyticsProjects().updateOne(
                and(eq("_id", scope.projectId()), eq(EPOCH, scope.epoch()), eq(BUILDER, processId)),
                Updates.combine(Updates.set(BUILDING, false), Updates.unset(BUILDER), Updates.unset(BEAT)))
                .getModifiedCount() == 1;
    }

    private static AnalyticsScope decode(Document doc) {
        return new AnalyticsScope(doc.getString("_id"), ((Number) doc.get(EPOCH)).longValue(),
                ZoneId.of(doc.getString(ZONE)), Boolean.TRUE.equals(doc.getBoolean(BUILDING)));
    }
}
