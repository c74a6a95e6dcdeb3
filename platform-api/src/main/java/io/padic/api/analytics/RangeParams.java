package io.padic.api.analytics;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The time range and bucket size the charted analytics routes take ({@code from}, {@code to}, {@code interval}). */
public class RangeParams extends SpanParams {

    @Parameter(description = "hour, day (default), week (ISO, from Monday) or month")
    @QueryParam("interval")
    public String interval;
}
