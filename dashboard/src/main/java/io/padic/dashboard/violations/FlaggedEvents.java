package io.padic.dashboard.violations;

import io.padic.dashboard.client.ViolationsApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Which of the events a page shows were flagged, so recent events and timelines can badge them. */
@ApplicationScoped
public class FlaggedEvents {

    private final ViolationsApi violations;

    public FlaggedEvents(@RestClient ViolationsApi violations) {
        this.violations = violations;
    }

    /** The flagged ones among {@code eventIds} (at most 200, which a page never exceeds); no call for none. */
    public Set<String> among(String projectId, Collection<String> eventIds) {
        List<String> ids = eventIds.stream().distinct().toList();
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<String> flagged = violations.flagged(projectId, String.join(",", ids)).flagged();
        return flagged == null ? Set.of() : flagged;
    }
}
