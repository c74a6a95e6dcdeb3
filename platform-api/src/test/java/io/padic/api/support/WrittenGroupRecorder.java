package io.padic.api.support;

import io.padic.api.events.AfterWrite;
import io.padic.api.events.WrittenGroup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only after-write consumer, called before every other one. It records the groups of the projects a test
 * watches, and throws for the projects a test makes it fail for; every other project's writes pass untouched.
 */
@ApplicationScoped
@Priority(1000)
public class WrittenGroupRecorder implements AfterWrite {

    private final Map<String, List<WrittenGroup>> watched = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    @Override
    public void accept(WrittenGroup group) {
        List<WrittenGroup> groups = watched.get(group.projectId());
        if (groups != null) {
            groups.add(group);
        }
        if (failing.contains(group.projectId())) {
            throw new IllegalStateException("this test consumer fails for project " + group.projectId());
        }
    }

    public void watch(String projectId) {
        watched.putIfAbsent(projectId, new CopyOnWriteArrayList<>());
    }

    public void failFor(String projectId) {
        failing.add(projectId);
    }

    /** The groups handed over for a watched project so far, in order. */
    public List<WrittenGroup> groups(String projectId) {
        return List.copyOf(watched.getOrDefault(projectId, List.of()));
    }
}
