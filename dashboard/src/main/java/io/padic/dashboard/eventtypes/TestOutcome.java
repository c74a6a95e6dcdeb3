package io.padic.dashboard.eventtypes;

import io.padic.dashboard.client.EventTypesApi;
import io.padic.dashboard.web.FormErrors;

/**
 * What the test panel shows: the delta and the new state with what sending the event would do (null when there are
 * no fields to check it against), or why the run failed (with the line and column in the code when the reducer
 * failed).
 */
public record TestOutcome(String delta, String state, String console, EventTypesApi.SchemaCheck schema,
        String failure, Integer line, Integer column, FormErrors errors) {

    public static TestOutcome ran(String delta, String state, String console, EventTypesApi.SchemaCheck schema) {
        return new TestOutcome(delta, state, console == null ? "" : console, schema, null, null, null,
                FormErrors.none());
    }

    public static TestOutcome failed(String failure, Integer line, Integer column, FormErrors errors) {
        return new TestOutcome(null, null, "", null, failure, line, column, errors);
    }

    public boolean isOk() {
        return failure == null;
    }
}
