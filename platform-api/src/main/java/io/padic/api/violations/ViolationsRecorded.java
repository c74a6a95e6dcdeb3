package io.padic.api.violations;

import io.padic.api.events.WrittenGroup;
import java.util.List;

/**
 * The flagged events of one written group whose violations were recorded just now, for the first time (a CDI event,
 * fired synchronously, once per group): what follows from a flagged event once, like its field statistics, observes
 * this.
 */
public record ViolationsRecorded(String projectId, List<WrittenGroup.Written> written) {

    public ViolationsRecorded {
        written = List.copyOf(written);
    }
}
