package io.padic.api.analytics.anomalies;

/** A segment's part of a flagged difference: its own change over the series' change, in (0,1]. */
public record Share(String segment, double share) {
}
