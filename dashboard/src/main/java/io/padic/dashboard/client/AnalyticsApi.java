package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** platform-api's analytics of a project (docs/api.md, "Analytics"). Null parameters are left out of the query. */
@Path("/v1/projects/{projectId}/analytics")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface AnalyticsApi {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EventTypeSeries(String name, List<Long> counts, long total, long previousTotal) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ObjectTypeSeries(String name, List<Long> events, List<Long> created) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Overview(String timeZone, String interval, boolean building, List<String> buckets,
            List<EventTypeSeries> eventTypes, List<ObjectTypeSeries> objectTypes, List<String> newEventTypes,
            List<String> goneEventTypes) {
    }

    /** Dormant objects come as negative numbers. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Active(String objectType, String interval, boolean building, List<String> buckets, List<Long> active,
            @JsonProperty("new") List<Long> newObjects, List<Long> returning, List<Long> resurrected,
            List<Long> dormant) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cohort(String start, long size, List<Long> retained) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Retention(String objectType, String interval, boolean building, List<Cohort> cohorts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Start(String eventType, long objects) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Transition(String from, String to, long count, double p50Seconds, double p90Seconds, double p99Seconds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Lifecycle(String objectType, String from, String to, boolean building, List<Start> starts,
            List<Transition> transitions, List<String> mainPath) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Step(String eventType, long objects, double conversion, double conversionFromPrevious,
            Double medianSecondsFromPrevious) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Funnel(String objectType, String from, String to, String window, boolean building, List<Step> steps) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Share(String segment, double share) {
    }

    /** A flagged bucket of one series ({@code events:<eventType>} or {@code active:<objectType>}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Anomaly(String id, String series, String kind, String interval, String eventType, String objectType,
            String bucket, String bucketEnd, double expected, double actual, double score, List<Share> explanation,
            String flaggedAt) {
    }

    /** {@code open}: flags of the last 7 days. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Anomalies(String timeZone, int open, boolean building, List<Anomaly> anomalies) {
    }

    @GET
    @Path("/overview")
    Overview overview(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval);

    @GET
    @Path("/active")
    Active active(@PathParam("projectId") String projectId, @QueryParam("objectType") String objectType,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("interval") String interval);

    @GET
    @Path("/retention")
    Retention retention(@PathParam("projectId") String projectId, @QueryParam("objectType") String objectType,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("interval") String interval);

    @GET
    @Path("/lifecycle")
    Lifecycle lifecycle(@PathParam("projectId") String projectId, @QueryParam("objectType") String objectType,
            @QueryParam("from") String from, @QueryParam("to") String to);

    @GET
    @Path("/funnel")
    Funnel funnel(@PathParam("projectId") String projectId, @QueryParam("objectType") String objectType,
            @QueryParam("steps") String steps, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("window") String window);

    /** Answers 404 while platform-api has no anomalies route (before issue 15's engine). */
    @GET
    @Path("/anomalies")
    Anomalies anomalies(@PathParam("projectId") String projectId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") Integer limit);
}
