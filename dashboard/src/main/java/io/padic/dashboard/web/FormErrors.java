package io.padic.dashboard.web;

import io.padic.dashboard.client.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * platform-api's problem+json laid out for a form: a message per field the form shows (next to that input),
 * and the rest as general messages at the top of the form.
 */
public final class FormErrors {

    private static final FormErrors NONE = new FormErrors(Map.of(), List.of());

    private final Map<String, String> byField;
    private final List<String> general;

    private FormErrors(Map<String, String> byField, List<String> general) {
        this.byField = byField;
        this.general = general;
    }

    public static FormErrors none() {
        return NONE;
    }

    /** A message of the form's own, not from platform-api (e.g. "type the project's name to confirm"). */
    public static FormErrors of(String field, String message) {
        return new FormErrors(Map.of(field, message), List.of());
    }

    /** These messages and one more for {@code field} (joined to one it has already). */
    public FormErrors and(String field, String message) {
        Map<String, String> more = new LinkedHashMap<>(byField);
        more.merge(field, message, (a, b) -> a + "; " + b);
        return new FormErrors(more, general);
    }

    /** These messages and {@code other}'s. */
    public FormErrors and(FormErrors other) {
        Map<String, String> more = new LinkedHashMap<>(byField);
        other.byField.forEach((field, message) -> more.merge(field, message, (a, b) -> a + "; " + b));
        List<String> all = new ArrayList<>(general);
        all.addAll(other.general);
        return new FormErrors(more, all);
    }

    /** Spreads {@code problem} over the inputs named {@code shownFields}; other messages become general. */
    public static FormErrors from(Problem problem, Set<String> shownFields) {
        Map<String, String> byField = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        for (Problem.FieldError error : problem.errors()) {
            String message = PlainWords.of(error.message());
            if (error.field() != null && shownFields.contains(error.field())) {
                byField.merge(error.field(), message, (a, b) -> a + " " + b);
            } else {
                general.add(error.field() == null ? message : error.field() + ": " + message);
            }
        }
        if (byField.isEmpty() && general.isEmpty()) {
            general.add(problem.detail() != null ? problem.detail() : problem.title());
        }
        return new FormErrors(byField, general);
    }

    /** The messages whose field starts with {@code prefix}, keyed by the rest of the name (for table rows). */
    public Map<String, String> under(String prefix) {
        Map<String, String> result = new LinkedHashMap<>();
        byField.forEach((field, message) -> {
            if (field.startsWith(prefix)) {
                result.put(field.substring(prefix.length()), message);
            }
        });
        return result;
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public String get(String field) {
        return byField.getOrDefault(field, "");
    }

    public List<String> getGeneral() {
        return general;
    }

    public boolean isEmpty() {
        return byField.isEmpty() && general.isEmpty();
    }
}
