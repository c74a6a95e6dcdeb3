package io.padic.api.analytics;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The time range every analytics route takes ({@code from}, {@code to}). */
public class SpanParams {

    @Parameter(description = "A date (start of that day in the project's time zone) or an instant; "
            + "default: 30 days before 'to'")
    @QueryParam("from")
    public String from;

    @Parameter(description = "Exclusive; a date or an instant; default: the end of today")
    @QueryParam("to")
    public String to;
}
