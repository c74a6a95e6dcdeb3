package io.padic.api.violations;

import io.padic.api.events.WrittenGroup;

/**
 * A flagged event whose violations were recorded just now, for the first time (a CDI event, fired synchronously):
 * what follows from a flagged event once, like its field statistics, observes this.
 */
public record ViolationsRecorded(String projectId, WrittenGroup.Written written) {
}
