package io.padic.api.analytics.anomalies;

import java.util.List;

/**
 * A flag: expected = the seasonal baseline, score = robust z-like score (signed: + up, − down), explanation =
 * segments whose change makes up most of the difference, largest share first, shares in (0,1].
 */
public record Verdict(double expected, double actual, double score, List<Share> explanation) {

    public Verdict {
        explanation = List.copyOf(explanation);
    }
}
