package io.padic.api.clients;

import io.padic.api.eventtypes.EventTypeVersion;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** What a generated file says about itself: the project, when and from which event type versions it was made. */
record ClientHeader(String projectId, String projectName, String route, Instant generatedAt, List<EventTypeVersion> types) {

    /** The versions as {@code name vN}, in name order: also what the dashboard compares between two downloads. */
    String versions() {
        return types.isEmpty() ? "none yet" : types.stream().map(t -> t.name + " v" + t.version)
                .collect(Collectors.joining(", "));
    }

    /** The comment's lines, each starting with {@code prefix}. */
    String comment(String prefix) {
        return prefix + "PAdic event client for the project " + Sources.docText(projectName) + " (" + projectId + "),\n"
                + prefix + "generated " + generatedAt + " by GET " + route + ".\n"
                + prefix + "Event types, at the versions it was made from: " + Sources.docText(versions()) + ".\n"
                + prefix + "Do not edit: download it again after you change the project's event types.\n";
    }
}
