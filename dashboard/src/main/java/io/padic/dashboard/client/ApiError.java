package io.padic.dashboard.client;

/** platform-api refused a request; the page shows {@link #problem()} next to the fields it names. */
public class ApiError extends RuntimeException {

    private final Problem problem;

    public ApiError(Problem problem) {
        super(problem.status() + " " + (problem.detail() != null ? problem.detail() : problem.title()));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }
}
