package io.padic.dashboard.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What web/charts draws on a canvas, written as JSON into its {@code data-chart} attribute (Qute escapes it there;
 * Chart.js draws every label and tooltip as canvas text, never as markup): the chart type, whether bars stack,
 * the labels and the datasets.
 */
public final class ChartSpec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String type;
    private final boolean stacked;
    private final List<String> labels;
    private final List<Map<String, Object>> datasets = new ArrayList<>();

    private ChartSpec(String type, boolean stacked, List<String> labels) {
        this.type = type;
        this.stacked = stacked;
        this.labels = labels;
    }

    public static ChartSpec stackedBars(List<String> labels) {
        return new ChartSpec("bar", true, labels);
    }

    public static ChartSpec bars(List<String> labels) {
        return new ChartSpec("bar", false, labels);
    }

    public static ChartSpec lines(List<String> labels) {
        return new ChartSpec("line", false, labels);
    }

    /** A dataset; {@code color} null lets Chart.js pick one. */
    public ChartSpec dataset(String label, List<? extends Number> data, String color) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("label", label);
        set.put("order", 1);
        set.put("data", data);
        if (color != null) {
            set.put("backgroundColor", color);
            set.put("borderColor", color);
        }
        datasets.add(set);
        return this;
    }

    /** Points only (no line), large: the flagged buckets over a line of the same series. */
    public ChartSpec marks(String label, List<? extends Number> data, String color) {
        dataset(label, data, color);
        Map<String, Object> set = datasets.getLast();
        set.put("showLine", false);
        set.put("pointRadius", 7);
        set.put("pointStyle", "rectRot");
        set.put("order", 0); // drawn over the line (datasets of a lower order are drawn last)
        return this;
    }

    public String json() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", type);
        spec.put("stacked", stacked);
        spec.put("data", Map.of("labels", labels, "datasets", datasets));
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
