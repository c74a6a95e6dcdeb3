package io.padic.dashboard.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.dashboard.client.AnalyticsApi;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The lifecycle graph's layout: the main path along the top row, left to right; the main path's edges marked. */
class LifecycleGraphTest {

    private static final AnalyticsApi.Lifecycle ORDERS = new AnalyticsApi.Lifecycle("order", "a", "b", false,
            List.of(new AnalyticsApi.Start("order.created", 15)),
            List.of(new AnalyticsApi.Transition("order.created", "order.paid", 8, 93_600, 93_600, 93_600),
                    new AnalyticsApi.Transition("order.paid", "order.shipped", 3, 500_000, 500_000, 500_000),
                    new AnalyticsApi.Transition("order.created", "order.note", 1, 60, 60, 60),
                    new AnalyticsApi.Transition("order.note", "order.note", 1, 30, 30, 30),
                    new AnalyticsApi.Transition("order.shipped", "order.created", 1, 30, 30, 30)),
            List.of("order.created", "order.paid", "order.shipped"));

    @Test
    void theMainPathRunsAlongTheTopRowAndItsEdgesAreMarked() {
        LifecycleGraph graph = LifecycleGraph.of(ORDERS);
        Map<String, LifecycleGraph.Node> nodes = graph.nodes().stream()
                .collect(Collectors.toMap(LifecycleGraph.Node::name, Function.identity()));
        LifecycleGraph.Node created = nodes.get("order.created");
        LifecycleGraph.Node paid = nodes.get("order.paid");
        LifecycleGraph.Node shipped = nodes.get("order.shipped");
        assertEquals(created.y(), paid.y());
        assertEquals(paid.y(), shipped.y());
        assertTrue(created.x() < paid.x() && paid.x() < shipped.x());
        assertTrue(created.start() && !paid.start());
        LifecycleGraph.Node note = nodes.get("order.note");
        assertEquals(paid.x(), note.x(), "one column right of the type that leads to it");
        assertTrue(note.y() > paid.y(), "below the main path");

        List<LifecycleGraph.Edge> main = graph.edges().stream().filter(LifecycleGraph.Edge::main).toList();
        assertEquals(List.of("order.created→order.paid", "order.paid→order.shipped"),
                main.stream().map(e -> e.from() + "→" + e.to()).sorted().toList());
        assertEquals("8 · 1.1 d", graph.edges().stream().filter(e -> e.to().equals("order.paid")).findFirst()
                .orElseThrow().label());
        assertTrue(graph.edges().getLast().main(), "the main path is drawn last, over the others");
    }

    @Test
    void everyBoxAndCurveFitsTheDrawing() {
        LifecycleGraph graph = LifecycleGraph.of(ORDERS);
        for (LifecycleGraph.Node node : graph.nodes()) {
            assertTrue(node.x() >= 0 && node.x() + LifecycleGraph.BOX_WIDTH <= graph.width(), node.toString());
            assertTrue(node.y() >= 40 && node.y() + LifecycleGraph.BOX_HEIGHT <= graph.height(), node.toString());
        }
        for (LifecycleGraph.Edge edge : graph.edges()) {
            assertTrue(Double.parseDouble(edge.labelY()) < graph.height(), edge.toString());
            assertFalse(edge.path().contains("NaN"), edge.toString());
        }
    }

    @Test
    void longNamesAreShortenedInTheBoxOnly() {
        String name = "order.a-very-long-event-type-name-indeed";
        assertEquals(LifecycleGraph.SHOWN_CHARS, LifecycleGraph.shown(name).length());
        assertTrue(LifecycleGraph.shown(name).endsWith("…"));
        assertEquals("order.paid", LifecycleGraph.shown("order.paid"));
    }
}
