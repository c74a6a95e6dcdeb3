package io.padic.dashboard.eventtypes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.padic.dashboard.client.ApiError;
import io.padic.dashboard.client.EventTypesApi;
import io.padic.dashboard.client.Problem;
import io.padic.dashboard.client.ProjectsApi;
import io.padic.dashboard.session.SignedIn;
import io.padic.dashboard.web.FormErrors;
import io.padic.dashboard.web.Redirects;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Event types: the list, and the editor (fields table, unknownFields and invalidEvents policies, applyEvent in
 * CodeMirror with save-time syntax errors at their line, a test panel, the version history with a diff).
 */
@Path("/projects/{projectId}/event-types")
@SignedIn
@Blocking
@Produces(MediaType.TEXT_HTML)
public class EventTypePages {

    static final String DEFAULT_TEST_STATE = "{}";
    static final String DEFAULT_TEST_EVENT = "{\"metaData\": {}}";
    /** Before the first save the type has no name yet, unless the form has one: the test runs under this. */
    static final String UNNAMED_TYPE = "NewEventType";

    /** The test panel's inputs as the page shows them (null level: the project's highest). */
    public record TestSample(String state, String event, String accessLevel) {
        static final TestSample DEFAULT = new TestSample(DEFAULT_TEST_STATE, DEFAULT_TEST_EVENT, null);

        /** Whether the panel's access-level menu selects {@code level}: the one posted, else the highest. */
        public boolean selects(String level, boolean highest) {
            return accessLevel == null || accessLevel.isBlank() ? highest : accessLevel.equals(level);
        }

        static TestSample posted(EditorPost post) {
            return new TestSample(post.state == null ? DEFAULT_TEST_STATE : post.state,
                    post.event == null ? DEFAULT_TEST_EVENT : post.event, post.accessLevel);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ProjectsApi.Project project, List<EventTypesApi.EventType> types,
                Map<String, Suggestions.Suggestion> suggestions, List<Suggestions.Suggestion> undeclared);

        static native TemplateInstance editor(ProjectsApi.Project project, EditorForm form, boolean isNew,
                List<EventTypesApi.EventType> versions, FormErrors errors, Integer errorLine, Integer errorColumn,
                Integer saved, int previousVersion, int nextVersion, TestSample sample, TestOutcome test,
                VersionDiff diff, Suggestions.Suggestion suggestion);

        static native TemplateInstance drift(ProjectsApi.Project project, EventTypesApi.Drift drift);

        static native TemplateInstance editor$testResult(TestOutcome test);

        static native TemplateInstance editor$diff(VersionDiff diff);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final EventTypesApi types;
    private final ProjectsApi projects;

    public EventTypePages(@RestClient EventTypesApi types, @RestClient ProjectsApi projects) {
        this.types = types;
        this.projects = projects;
    }

    /** The declared types, each with the fields seen beyond it, and the types seen but never declared. */
    @GET
    public TemplateInstance list(@PathParam("projectId") String projectId) {
        Map<String, Suggestions.Suggestion> suggestions = new LinkedHashMap<>();
        List<Suggestions.Suggestion> undeclared = new ArrayList<>();
        for (EventTypesApi.Inferred inferred : types.inferred(projectId).eventTypes()) {
            Suggestions.Suggestion suggestion = Suggestions.of(inferred);
            if (suggestion.isUndeclared()) {
                undeclared.add(suggestion);
            } else {
                suggestions.put(suggestion.name(), suggestion);
            }
        }
        return Templates.list(projects.get(projectId), types.list(projectId).eventTypes(), suggestions, undeclared);
    }

    /**
     * Saves the type's suggested definition as its next version (its first, for a type never declared), as
     * platform-api suggested it; a suggestion gone meanwhile (adopted in another tab) just shows the type.
     */
    @POST
    @Path("/{name}/adopt")
    public Response adopt(@PathParam("projectId") String projectId, @PathParam("name") String name,
            @Context HttpHeaders headers) {
        Optional<EventTypesApi.Inferred> inferred = Suggestions.forType(types.inferred(projectId).eventTypes(), name);
        if (inferred.isEmpty()) {
            return Redirects.to("/projects/" + projectId + "/event-types/" + name, headers);
        }
        EventTypesApi.EventType current = inferred.get().basedOnVersion() == null ? null : types.get(projectId, name);
        EventTypesApi.EventType saved = types.saveRaw(projectId, name, Suggestions.toSave(inferred.get(), current));
        return Redirects.to("/projects/" + projectId + "/event-types/" + saved.name() + "?saved=" + saved.version(),
                headers);
    }

    @GET
    @Path("/_new")
    public TemplateInstance newType(@PathParam("projectId") String projectId) {
        return editorPage(projects.get(projectId), EditorForm.blank(), true, List.of(), FormErrors.none(), null,
                null, null, TestSample.DEFAULT);
    }

    @GET
    @Path("/{name}")
    public TemplateInstance edit(@PathParam("projectId") String projectId, @PathParam("name") String name,
            @QueryParam("saved") Integer saved) {
        EventTypesApi.EventType type = types.get(projectId, name);
        return editorPage(projects.get(projectId), EditorForm.of(type), false, type.versions(), FormErrors.none(),
                null, null, saved, TestSample.DEFAULT).data("suggestion", suggestionFor(projectId, name));
    }

    /** Which metaData fields of the type appeared, stopped arriving or changed their JSON type lately. */
    @GET
    @Path("/{name}/drift")
    public TemplateInstance drift(@PathParam("projectId") String projectId, @PathParam("name") String name) {
        return Templates.drift(projects.get(projectId), types.drift(projectId, name, null));
    }

    @POST
    public Response create(@PathParam("projectId") String projectId, @BeanParam EditorPost post,
            @Context HttpHeaders headers) {
        EditorForm form = EditorForm.posted(post.name, post);
        if (form.name().isBlank()) {
            return Response.status(422).entity(editorPage(projects.get(projectId), form, true, List.of(),
                    FormErrors.of("name", "Give the event type a name, e.g. PhotoCreate"), null, null, null,
                    TestSample.posted(post))).build();
        }
        return save(projectId, form.name().trim(), form, true, TestSample.posted(post), headers);
    }

    @POST
    @Path("/{name}")
    public Response update(@PathParam("projectId") String projectId, @PathParam("name") String name,
            @BeanParam EditorPost post, @Context HttpHeaders headers) {
        EditorForm form = EditorForm.posted(name, post);
        return save(projectId, name, form, false, TestSample.posted(post), headers);
    }

    /**
     * Runs the editor's code and fields (saved or not) on the panel's event; {@code _new} is the page of a type not
     * saved yet, which runs under the name typed so far.
     */
    @POST
    @Path("/{name}/test")
    public TemplateInstance test(@PathParam("projectId") String projectId, @PathParam("name") String name,
            @BeanParam EditorPost post) {
        String typeName = !"_new".equals(name) ? name
                : post.name == null || post.name.isBlank() ? UNNAMED_TYPE : post.name.trim();
        EditorForm form = EditorForm.posted(typeName, post);
        return Templates.editor$testResult(runTest(projectId, typeName, form, TestSample.posted(post)));
    }

    @GET
    @Path("/{name}/diff")
    public TemplateInstance diff(@PathParam("projectId") String projectId, @PathParam("name") String name,
            @QueryParam("from") int from, @QueryParam("to") int to) {
        List<EventTypesApi.EventType> versions = types.get(projectId, name).versions();
        EventTypesApi.EventType older = version(versions, Math.min(from, to));
        EventTypesApi.EventType newer = version(versions, Math.max(from, to));
        return Templates.editor$diff(VersionDiff.between(older, newer));
    }

    private Response save(String projectId, String name, EditorForm form, boolean isNew, TestSample sample,
            HttpHeaders headers) {
        try {
            EventTypesApi.EventType saved = types.save(projectId, name, form.definition());
            return Redirects.to("/projects/" + projectId + "/event-types/" + saved.name() + "?saved=" + saved.version(),
                    headers);
        } catch (ApiError e) {
            if (e.status() != 422 && e.status() != 403) {
                throw e;
            }
            FormErrors errors = FormErrors.from(e.problem(), form.shownFields());
            List<EventTypesApi.EventType> versions = isNew ? List.of() : types.get(projectId, name).versions();
            return Response.status(422).entity(editorPage(projects.get(projectId), form.withRowErrors(errors), isNew,
                    versions, errors, e.problem().line(), e.problem().column(), null, sample)).build();
        }
    }

    private TestOutcome runTest(String projectId, String name, EditorForm form, TestSample sample) {
        JsonNode stateJson;
        JsonNode eventJson;
        try {
            stateJson = parse(sample.state(), DEFAULT_TEST_STATE);
        } catch (JsonProcessingException e) {
            return TestOutcome.failed("The state is not valid JSON", null, null,
                    FormErrors.of("state", "Not valid JSON: " + e.getOriginalMessage()));
        }
        try {
            eventJson = parse(sample.event(), DEFAULT_TEST_EVENT);
        } catch (JsonProcessingException e) {
            return TestOutcome.failed("The event is not valid JSON", null, null,
                    FormErrors.of("event", "Not valid JSON: " + e.getOriginalMessage()));
        }
        try {
            EventTypesApi.Definition draft = form.definition();
            String level = sample.accessLevel() == null || sample.accessLevel().isBlank() ? null : sample.accessLevel();
            EventTypesApi.TestResult result = types.test(projectId, name, new EventTypesApi.TestRun(stateJson,
                    eventJson, level, form.applyEvent(), draft.fields(), draft.unknownFields(),
                    draft.invalidEvents()));
            return TestOutcome.ran(pretty(result.delta()), pretty(result.state()), result.console(),
                    result.schema());
        } catch (ApiError e) {
            if (e.status() != 422 && e.status() != 400) {
                throw e;
            }
            Problem p = e.problem();
            return TestOutcome.failed(p.detail() != null ? p.detail() : p.title(), p.line(), p.column(),
                    FormErrors.from(p, Set.of("state", "event", "accessLevel")));
        }
    }

    private TemplateInstance editorPage(ProjectsApi.Project project, EditorForm form, boolean isNew,
            List<EventTypesApi.EventType> versions, FormErrors errors, Integer errorLine, Integer errorColumn,
            Integer saved, TestSample sample) {
        int latest = versions.isEmpty() ? 0 : versions.get(versions.size() - 1).version();
        return Templates.editor(project, form, isNew, versions, errors, errorLine, errorColumn, saved,
                Math.max(latest - 1, 1), latest + 1, sample, null, null, null);
    }

    private Suggestions.Suggestion suggestionFor(String projectId, String name) {
        return Suggestions.forType(types.inferred(projectId).eventTypes(), name).map(Suggestions::of).orElse(null);
    }

    private static EventTypesApi.EventType version(List<EventTypesApi.EventType> versions, int number) {
        return versions.stream().filter(v -> v.version() == number).findFirst()
                .orElseThrow(() -> new ApiError(new Problem(null, "Not found", 404, "No version " + number,
                        List.of(), null, null)));
    }

    private static JsonNode parse(String text, String otherwise) throws JsonProcessingException {
        return JSON.readTree(text == null || text.isBlank() ? otherwise : text);
    }

    private static String pretty(JsonNode node) {
        try {
            return node == null ? "null" : JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot print JSON", e);
        }
    }
}
