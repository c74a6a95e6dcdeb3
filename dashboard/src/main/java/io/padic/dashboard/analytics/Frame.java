package io.padic.dashboard.analytics;

import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.web.FormErrors;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every analytics page shows around its chart: the project, the tabs, the pickers (range, interval, object
 * type) with their presets and errors, the project's time zone, and how to send events when there is nothing yet.
 */
@TemplateData
public record Frame(ProjectsApi.Project project, AnalyticsQuery query, String tab, List<String> objectTypes,
        List<AnalyticsQuery.Preset> presets, FormErrors errors, String apiUrl, FunnelView.Pick funnel) {

    /** A tab of the analytics pages; its link keeps the pickers' choice. */
    @TemplateData
    public record Tab(String key, String label, String href, boolean current) {
    }

    static final List<List<String>> TABS = List.of(List.of("home", "Overview"), List.of("active", "Active objects"),
            List.of("retention", "Retention"), List.of("lifecycle", "Lifecycle"), List.of("funnel", "Funnel"),
            List.of("anomalies", "Anomalies"));

    public String base() {
        return "/projects/" + project.id() + "/analytics";
    }

    /** This page's path, where the pickers' form goes. */
    public String path() {
        return "home".equals(tab) ? base() : base() + "/" + tab;
    }

    public List<Tab> tabs() {
        return TABS.stream().map(t -> new Tab(t.get(0), t.get(1),
                ("home".equals(t.get(0)) ? base() : base() + "/" + t.get(0)) + "?" + query.query(),
                t.get(0).equals(tab))).toList();
    }

    /** The pages that draw buckets take an interval; lifecycle and funnel read the range as a whole. */
    public boolean usesInterval() {
        return !"lifecycle".equals(tab) && !"funnel".equals(tab) && !"anomalies".equals(tab);
    }

    public boolean usesObjectType() {
        return !"home".equals(tab) && !"anomalies".equals(tab);
    }

    public boolean hasObjectTypes() {
        return !objectTypes.isEmpty();
    }

    public String selectedType() {
        return query.objectType() == null ? "" : query.objectType();
    }

    /** Where this page's chart is downloaded as CSV (with the pickers' choice). */
    public String csv(String chart) {
        return base() + "/" + chart + ".csv?" + query.query() + (funnel == null ? "" : funnel.query());
    }

    /** The curl that sends one event with an API key, for the empty states. */
    public String ingestExample() {
        return "curl -s -X POST \"" + apiUrl + "/v1/objects\" -H \"Authorization: Bearer $KEY\" \\\n"
                + "  -H 'Content-Type: application/json' -d '{\"type\": \"order\", \"id\": \"order-1\"}'\n"
                + "curl -s -X POST \"" + apiUrl + "/v1/events\" -H \"Authorization: Bearer $KEY\" \\\n"
                + "  -H 'Content-Type: application/json' \\\n"
                + "  -d '{\"type\": \"order.paid\", \"concerns\": \"order-1\", \"occurredAt\": \""
                + query.to() + "T12:00:00Z\"}'";
    }

    public List<String> intervals() {
        return AnalyticsQuery.INTERVALS;
    }

    /** Every refusal of the pickers, worded with the picker's label, for the summary above the chart. */
    public List<String> problems() {
        List<String> all = new ArrayList<>();
        for (String field : List.of("from", "to", "interval", "objectType", "steps", "window")) {
            if (errors.has(field)) {
                all.add(LABELS.get(field) + ": " + errors.get(field));
            }
        }
        all.addAll(errors.getGeneral());
        return all;
    }

    private static final Map<String, String> LABELS = Map.of("from", "From", "to", "To", "interval", "Interval",
            "objectType", "Object type", "steps", "Steps", "window", "Window");

    Frame withErrors(FormErrors more) {
        return new Frame(project, query, tab, objectTypes, presets, errors.and(more), apiUrl, funnel);
    }

    Frame withFunnel(FunnelView.Pick pick) {
        return new Frame(project, query, tab, objectTypes, presets, errors, apiUrl, pick);
    }
}
