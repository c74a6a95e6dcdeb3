package io.padic.dashboard.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** platform-api's project routes (docs/api.md, "Projects"). */
@Path("/v1/projects")
@RegisterRestClient(configKey = "padic-api")
@RegisterClientHeaders(BearerToken.class)
@RegisterProvider(ProblemResponses.class)
public interface ProjectsApi {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Project(String id, String tenantId, String name, List<String> accessLevels, String undeclaredEventTypes,
            String timeZone, Instant createdAt) {

        /** The IANA zone the project's analytics buckets are aligned in (UTC when platform-api does not say). */
        public String zone() {
            return timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Projects(List<Project> projects) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewProject(String name, String tenantId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Change(String name, List<String> accessLevels, String undeclaredEventTypes) {
    }

    @POST
    Project create(NewProject body);

    @GET
    Projects list();

    @GET
    @Path("/{projectId}")
    Project get(@PathParam("projectId") String projectId);

    @PATCH
    @Path("/{projectId}")
    Project update(@PathParam("projectId") String projectId, Change body);

    @DELETE
    @Path("/{projectId}")
    void delete(@PathParam("projectId") String projectId);
}
