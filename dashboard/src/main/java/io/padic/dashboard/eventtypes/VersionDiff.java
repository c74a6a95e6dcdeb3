package io.padic.dashboard.eventtypes;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import io.padic.dashboard.client.EventTypesApi;
import java.util.ArrayList;
import java.util.List;

/** A line diff between two versions of an event type: its settings, its fields and its applyEvent code. */
public record VersionDiff(int from, int to, List<Line> lines) {

    /** One line of the diff: {@code kind} is add, del or same. */
    public record Line(String kind, String text) {

        public String getMark() {
            return switch (kind) {
                case "add" -> "+ ";
                case "del" -> "- ";
                default -> "  ";
            };
        }
    }

    public boolean isEmpty() {
        return lines.stream().allMatch(l -> l.kind().equals("same"));
    }

    public static VersionDiff between(EventTypesApi.EventType older, EventTypesApi.EventType newer) {
        List<String> a = describe(older);
        List<String> b = describe(newer);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<Line> lines = new ArrayList<>();
        int next = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            for (; next < delta.getSource().getPosition(); next++) {
                lines.add(new Line("same", a.get(next)));
            }
            delta.getSource().getLines().forEach(l -> lines.add(new Line("del", l)));
            delta.getTarget().getLines().forEach(l -> lines.add(new Line("add", l)));
            next = delta.getSource().getPosition() + delta.getSource().size();
        }
        for (; next < a.size(); next++) {
            lines.add(new Line("same", a.get(next)));
        }
        return new VersionDiff(older.version(), newer.version(), lines);
    }

    /** The version as lines a person reads and compares. */
    static List<String> describe(EventTypesApi.EventType type) {
        List<String> lines = new ArrayList<>();
        lines.add("objectType: " + (type.objectType() == null ? "(any)" : type.objectType()));
        lines.add("unknownFields: " + type.unknownFields());
        lines.add("invalidEvents: " + EditorForm.invalidEventsOf(type));
        lines.add("fields:");
        for (EventTypesApi.Field field : type.fields()) {
            describeField(field, "  ", lines);
        }
        lines.add("applyEvent:");
        String code = type.applyEvent() == null || type.applyEvent().isBlank() ? "(default) return event.metaData;"
                : type.applyEvent();
        code.lines().forEach(l -> lines.add("  " + l));
        return lines;
    }

    private static void describeField(EventTypesApi.Field field, String indent, List<String> lines) {
        StringBuilder line = new StringBuilder(indent).append(field.name() == null ? "(items)" : field.name())
                .append(": ").append(field.type());
        if (field.isRequired()) {
            line.append(", required");
        }
        if (field.description() != null && !field.description().isBlank()) {
            line.append(" — ").append(field.description());
        }
        lines.add(line.toString());
        if (field.fields() != null) {
            field.fields().forEach(f -> describeField(f, indent + "  ", lines));
        }
        if (field.items() != null) {
            describeField(field.items(), indent + "  ", lines);
        }
    }
}
