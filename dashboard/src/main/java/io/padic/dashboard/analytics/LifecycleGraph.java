package io.padic.dashboard.analytics;

import io.padic.dashboard.client.AnalyticsApi;
import io.quarkus.qute.TemplateData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The transition graph of an object type laid out for a server-rendered SVG: event types as boxes in columns (the
 * main path along the top row, each other type one column right of the first type that leads to it), transitions
 * as curves whose width follows their count, labelled with the count and the median time. Names reach the SVG
 * only as text that Qute escapes. The {@value #MOST_EDGES} most frequent transitions are drawn; the table has all.
 */
@TemplateData
public record LifecycleGraph(String objectType, int width, int height, List<Node> nodes, List<Edge> edges,
        List<AnalyticsApi.Transition> transitions, List<AnalyticsApi.Start> starts, List<String> mainPath,
        boolean building) {

    static final int MOST_EDGES = 24;
    static final int BOX_WIDTH = 170;
    static final int BOX_HEIGHT = 44;
    static final int COLUMN = 290;
    static final int ROW = 84;
    static final int TOP = 56;
    static final int LEFT = 12;
    static final int SHOWN_CHARS = 22;

    /** A box: its event type, where it is, whether objects start with it (how many) and if it is on the main path. */
    @TemplateData
    public record Node(String name, String shown, int x, int y, boolean start, long startObjects, boolean main) {

        public int textX() {
            return x + BOX_WIDTH / 2;
        }

        /** The name's baseline: centred, or on the upper line when the count of starts goes under it. */
        public int textY() {
            return start ? y + 19 : y + BOX_HEIGHT / 2 + 5;
        }

        public int noteY() {
            return y + 36;
        }
    }

    /** A curve from one box to another (or back to itself) with its label's place. */
    @TemplateData
    public record Edge(String from, String to, long count, String median, String path, String strokeWidth,
            boolean main, String labelX, String labelY) {

        public String label() {
            return count + " · " + median;
        }
    }

    static LifecycleGraph of(AnalyticsApi.Lifecycle lifecycle) {
        List<AnalyticsApi.Transition> drawn = lifecycle.transitions().stream()
                .sorted(Comparator.comparingLong(AnalyticsApi.Transition::count).reversed()).limit(MOST_EDGES).toList();
        Map<String, Long> startObjects = new HashMap<>();
        lifecycle.starts().forEach(s -> startObjects.put(s.eventType(), s.objects()));
        Set<String> onPath = new HashSet<>(lifecycle.mainPath());
        Map<String, Integer> column = columns(lifecycle, drawn);

        // Rows within a column: the main path first, then the starts, then the busiest.
        Map<String, Long> traffic = new HashMap<>();
        for (AnalyticsApi.Transition t : drawn) {
            traffic.merge(t.to(), t.count(), Long::sum);
            traffic.merge(t.from(), t.count(), Long::sum);
        }
        Map<Integer, List<String>> byColumn = new HashMap<>();
        column.forEach((name, c) -> byColumn.computeIfAbsent(c, k -> new ArrayList<>()).add(name));
        List<Node> nodes = new ArrayList<>();
        Map<String, Node> byName = new HashMap<>();
        int rows = 1;
        int columns = 1;
        for (Map.Entry<Integer, List<String>> entry : byColumn.entrySet()) {
            List<String> names = entry.getValue();
            names.sort(Comparator.comparing((String n) -> !onPath.contains(n))
                    .thenComparing(n -> !startObjects.containsKey(n))
                    .thenComparing(n -> -traffic.getOrDefault(n, 0L))
                    .thenComparing(Comparator.naturalOrder()));
            for (int r = 0; r < names.size(); r++) {
                String name = names.get(r);
                Node node = new Node(name, shown(name), LEFT + entry.getKey() * COLUMN, TOP + r * ROW,
                        startObjects.containsKey(name), startObjects.getOrDefault(name, 0L), onPath.contains(name));
                nodes.add(node);
                byName.put(name, node);
            }
            rows = Math.max(rows, names.size());
            columns = Math.max(columns, entry.getKey() + 1);
        }
        Set<String> mainEdges = new HashSet<>();
        for (int i = 0; i + 1 < lifecycle.mainPath().size(); i++) {
            mainEdges.add(lifecycle.mainPath().get(i) + "\n" + lifecycle.mainPath().get(i + 1));
        }
        long most = drawn.stream().mapToLong(AnalyticsApi.Transition::count).max().orElse(1);
        List<Edge> edges = new ArrayList<>();
        int bottom = TOP + rows * ROW;
        for (AnalyticsApi.Transition t : drawn) {
            Node a = byName.get(t.from());
            Node b = byName.get(t.to());
            Curve curve = curve(a, b);
            bottom = Math.max(bottom, (int) curve.lowest() + 20);
            edges.add(new Edge(t.from(), t.to(), t.count(), Durations.words(t.p50Seconds()), curve.path(),
                    fixed(1.5 + 8.0 * t.count() / Math.max(1, most)), mainEdges.contains(t.from() + "\n" + t.to()),
                    fixed(curve.labelX()), fixed(curve.labelY())));
        }
        // The main path's curves last, so they are drawn over the others.
        edges.sort(Comparator.comparing(Edge::main));
        return new LifecycleGraph(lifecycle.objectType(), LEFT * 2 + (columns - 1) * COLUMN + BOX_WIDTH, bottom, nodes,
                edges, lifecycle.transitions(), lifecycle.starts(), lifecycle.mainPath(), lifecycle.building());
    }

    /** Column of each type: its place on the main path, else one right of the first drawn type leading to it. */
    private static Map<String, Integer> columns(AnalyticsApi.Lifecycle lifecycle, List<AnalyticsApi.Transition> drawn) {
        Map<String, Integer> column = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        for (int i = 0; i < lifecycle.mainPath().size(); i++) {
            column.putIfAbsent(lifecycle.mainPath().get(i), i);
            queue.add(lifecycle.mainPath().get(i));
        }
        for (AnalyticsApi.Start start : lifecycle.starts()) {
            if (column.putIfAbsent(start.eventType(), 0) == null) {
                queue.add(start.eventType());
            }
        }
        while (!queue.isEmpty()) {
            String from = queue.poll();
            for (AnalyticsApi.Transition t : drawn) {
                if (t.from().equals(from) && !column.containsKey(t.to())) {
                    column.put(t.to(), column.get(from) + 1);
                    queue.add(t.to());
                }
            }
        }
        Set<String> rest = new LinkedHashSet<>();
        drawn.forEach(t -> {
            rest.add(t.from());
            rest.add(t.to());
        });
        int last = column.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        for (String name : rest) {
            column.putIfAbsent(name, last + 1);
        }
        return column;
    }

    private record Curve(String path, double labelX, double labelY, double lowest) {
    }

    /** Forward: right side to left side; back or within a column: under the boxes; to itself: a loop above. */
    private static Curve curve(Node a, Node b) {
        if (a == b) {
            double x1 = a.x() + BOX_WIDTH * 0.62;
            double x2 = a.x() + BOX_WIDTH * 0.38;
            double top = a.y() - 40;
            return new Curve(String.format(Locale.ROOT, "M %.1f %d C %.1f %.1f %.1f %.1f %.1f %d", x1, a.y(), x1, top,
                    x2, top, x2, a.y()), a.x() + BOX_WIDTH / 2.0, a.y() - 34, a.y());
        }
        if (b.x() > a.x()) {
            double x0 = a.x() + BOX_WIDTH;
            double y0 = a.y() + BOX_HEIGHT / 2.0;
            double x3 = b.x();
            double y3 = b.y() + BOX_HEIGHT / 2.0;
            double mid = (x0 + x3) / 2;
            return new Curve(String.format(Locale.ROOT, "M %.1f %.1f C %.1f %.1f %.1f %.1f %.1f %.1f", x0, y0, mid,
                    y0, mid, y3, x3, y3), mid, (y0 + y3) / 2 - 4, Math.max(y0, y3));
        }
        double x0 = a.x() + BOX_WIDTH / 2.0 - 10;
        double y0 = a.y() + BOX_HEIGHT;
        double x3 = b.x() + BOX_WIDTH / 2.0 + 10;
        double y3 = b.y() + BOX_HEIGHT;
        double below = Math.max(y0, y3) + 36 + Math.abs(x0 - x3) * 0.08;
        // The middle of a cubic Bézier: (P0 + 3 P1 + 3 P2 + P3) / 8.
        double midY = (y0 + 3 * below + 3 * below + y3) / 8;
        return new Curve(String.format(Locale.ROOT, "M %.1f %.1f C %.1f %.1f %.1f %.1f %.1f %.1f", x0, y0, x0, below,
                x3, below, x3, y3), (x0 + x3) / 2, midY + 14, midY + 16);
    }

    static String shown(String name) {
        return name.length() <= SHOWN_CHARS ? name : name.substring(0, SHOWN_CHARS - 1) + "…";
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    public boolean isEmpty() {
        return transitions.isEmpty() && starts.isEmpty();
    }

    public String mainPathWords() {
        return String.join(" → ", mainPath);
    }

    public String duration(double seconds) {
        return Durations.words(seconds);
    }

    /** Whether the transition is a step of the main path. */
    public boolean onMainPath(AnalyticsApi.Transition t) {
        for (int i = 0; i + 1 < mainPath.size(); i++) {
            if (mainPath.get(i).equals(t.from()) && mainPath.get(i + 1).equals(t.to())) {
                return true;
            }
        }
        return false;
    }

    public String csv() {
        Csv csv = new Csv().row("from", "to", "count", "p50Seconds", "p90Seconds", "p99Seconds", "mainPath");
        for (AnalyticsApi.Transition t : transitions) {
            csv.row(t.from(), t.to(), t.count(), t.p50Seconds(), t.p90Seconds(), t.p99Seconds(),
                    onMainPath(t) ? "yes" : "no");
        }
        return csv.toString();
    }
}
