package io.padic.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.padic.dashboard.support.AxeCore;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.EveryPage;
import io.padic.dashboard.support.MemberPages;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * axe-core (npm, pinned in src/test/axe, {@link AxeCore}) scans every page, signed in and with data:
 * no serious or critical violation anywhere. Prints the count of violations by impact.
 */
@QuarkusTest
class AccessibilityE2E extends BrowserTest {

    @Test
    void noPageHasASeriousOrCriticalViolation() {
        String axe = AxeCore.script();
        EveryPage data = EveryPage.seed(apiUrl());
        List<String> serious = new ArrayList<>();
        int[] counts = new int[4];
        for (String path : EveryPage.SIGNED_OUT) {
            scan(axe, path, serious, counts);
        }
        MemberPages.logIn(page, data.account());
        for (String path : data.paths()) {
            scan(axe, path, serious, counts);
        }
        System.out.printf("axe-core on %d pages: %d critical, %d serious, %d moderate, %d minor%n",
                data.paths().size() + EveryPage.SIGNED_OUT.size(), counts[0], counts[1], counts[2], counts[3]);
        assertEquals(List.of(), serious, "serious or critical accessibility violations");
    }

    @SuppressWarnings("unchecked")
    private void scan(String axe, String path, List<String> serious, int[] counts) {
        page.navigate(path);
        page.waitForLoadState();
        // Through a script tag's text would meet the Content-Security-Policy; evaluate is the test's own channel.
        page.evaluate(axe);
        List<Map<String, Object>> violations = (List<Map<String, Object>>) page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({id: v.id,"
                        + " impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))");
        for (Map<String, Object> v : violations) {
            String impact = String.valueOf(v.get("impact"));
            counts[List.of("critical", "serious", "moderate", "minor").indexOf(impact) < 0 ? 3
                    : List.of("critical", "serious", "moderate", "minor").indexOf(impact)]++;
            if (impact.equals("critical") || impact.equals("serious")) {
                serious.add(path + ": " + impact + " " + v.get("id") + " (" + v.get("help") + ") at " + v.get("nodes"));
            }
        }
    }
}
