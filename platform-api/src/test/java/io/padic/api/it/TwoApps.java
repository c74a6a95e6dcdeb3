package io.padic.api.it;

import java.util.List;
import java.util.Map;

/**
 * Two platform-api processes on one store and one Redis, started together: the set-up of every two-process race.
 * Closing stops both processes, then the backends.
 */
final class TwoApps implements AutoCloseable {

    private final Backends backends;
    private final List<AppProcess> apps;

    private TwoApps(Backends backends, List<AppProcess> apps) {
        this.backends = backends;
        this.apps = apps;
    }

    /** Fresh in-memory backends and two processes named {@code name-a} and {@code name-b} with {@code env}. */
    static TwoApps start(String name, Map<String, String> env) {
        return on(Backends.start(), name, env);
    }

    /** Two processes on {@code backends}, which the result then owns (and closes, also if a process fails to start). */
    static TwoApps on(Backends backends, String name, Map<String, String> env) {
        try {
            return new TwoApps(backends, AppProcess.startTogether(List.of(
                    new AppProcess.Spec(name + "-a", backends, env), new AppProcess.Spec(name + "-b", backends, env))));
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
    }

    /** Process {@code i % 2}: tasks numbered 0, 1, 2, … alternate between the two. */
    AppProcess app(int i) {
        return apps.get(i % 2);
    }

    List<AppProcess> both() {
        return apps;
    }

    /** The store and Redis both processes use, for what the API cannot do. */
    Backends backends() {
        return backends;
    }

    @Override
    public void close() {
        apps.forEach(AppProcess::close);
        backends.close();
    }
}
