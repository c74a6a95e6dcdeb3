package io.padic.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import io.padic.testkit.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The people the fuzzer plays and the ones it must not touch, set up through the API before the first request:
 * <ul>
 * <li>{@code F}, the fuzzer: a workspace with a project (objects, events, an event type), a full key, a
 * read-only key, a spare project, key, token and invitation that fuzzed requests may delete;</li>
 * <li>{@code O}, another tenant, whose credentials the fuzzer sometimes sends instead of its own;</li>
 * <li>{@code C}, the canary: a workspace with a project, an event type, a key, an object with events, an
 * invitation and a token. Its ids are in every pool the fuzzer draws ids from, its credentials never are,
 * and its answers must stay byte for byte what they were ({@link #canary()});</li>
 * <li>{@code S}, an account whose sessions the session-ending routes end (a fresh log-in for each).</li>
 * </ul>
 */
final class FuzzTenants {

    /** Whose a credential or an id is. */
    enum Tenant { F, O, C, S }

    static final String TYPE = "Placed";
    static final String OBJECT_TYPE = "Order";
    static final String CANARY_OBJECT = "canary-1";
    static final List<String> TOKEN_SCOPES = List.of("workspaces:read", "workspaces:write", "projects:read",
            "projects:write", "keys:write", "event-types:write");

    final Account f;
    final String fWorkspace;
    final String fProject;
    final String fSpareProject;
    final Key fKey;
    final Key fReadOnlyKey;
    final Key fSpareKey;
    final String fToken;
    final String fTokenId;
    final String fSpareTokenId;
    final String fInvitation;
    final List<String> fObjects = List.of("o1", "o2", "o3");
    final List<String> fEvents = new ArrayList<>();

    final Account o;
    final String oProject;
    final Key oKey;
    final List<String> oEvents = new ArrayList<>();

    final Account c;
    final String cProject;
    final Key cKey;
    final String cTokenId;
    final String cSessionId;
    final String cInvitation;
    final List<String> cEvents = new ArrayList<>();

    final Account s;
    final String sSessionId;

    /** Every id set up here, with its owner: a path naming one must not answer 2xx to anyone else. */
    final Map<String, Tenant> owners = new HashMap<>();

    private final ApiClient api;

    FuzzTenants(ApiClient api) {
        this.api = api;
        f = api.signUp();
        fWorkspace = f.tenantId();
        fProject = api.createProject(f, "Fuzzed");
        api.flagUndeclaredEventTypes(f, fProject);
        fSpareProject = api.createProject(f, "Spare");
        api.declareEventType(f, fProject, TYPE, Map.of("objectType", OBJECT_TYPE,
                "applyEvent", "return {count: (state.count || 0) + 1, last: event.metaData};"));
        fKey = api.createKey(f, fProject, "full", "owner", ApiClient.ALL_SCOPES);
        fReadOnlyKey = api.createKey(f, fProject, "read-only", "public", List.of("objects:read"));
        fSpareKey = api.createKey(f, fProject, "spare", "member", ApiClient.ALL_SCOPES);
        JsonNode token = token(f);
        fToken = token.path("token").asText();
        fTokenId = token.path("id").asText();
        fSpareTokenId = token(f).path("id").asText();
        fInvitation = invite(f, fWorkspace, "invitee@example.com");
        ApiClient fData = api.as(fKey.secret());
        fData.createObjects(OBJECT_TYPE, fObjects.toArray(String[]::new));
        for (String object : fObjects) {
            fEvents.add(fData.sendEvent(TYPE, object, Map.of("n", 1)).expect(201).path("id").asText());
        }

        o = api.signUp();
        oProject = api.createProject(o, "Other");
        api.flagUndeclaredEventTypes(o, oProject);
        oKey = api.createKey(o, oProject, "other", "owner", ApiClient.ALL_SCOPES);
        api.as(oKey.secret()).createObjects(OBJECT_TYPE, "o1");
        oEvents.add(api.as(oKey.secret()).sendEvent(TYPE, "o1", Map.of("n", 1)).expect(201).path("id").asText());

        // A password no pool holds: the fuzzer tries the canary's e-mail with the passwords it knows.
        c = api.signUp("canary-" + java.util.UUID.randomUUID() + "@example.com",
                "canary " + java.util.UUID.randomUUID(), "Canary");
        cProject = api.createProject(c, "Canary");
        api.declareEventType(c, cProject, TYPE, Map.of("objectType", OBJECT_TYPE,
                "applyEvent", "return {count: (state.count || 0) + 1, last: event.metaData};"));
        cKey = api.createKey(c, cProject, "canary", "owner", ApiClient.ALL_SCOPES);
        ApiClient cData = api.as(cKey.secret());
        cData.createObjects(OBJECT_TYPE, CANARY_OBJECT, "o1");
        for (int i = 1; i <= 3; i++) {
            cEvents.add(cData.sendEvent(TYPE, List.of(CANARY_OBJECT, "o1"), Map.of("n", i)).expect(201)
                    .path("id").asText());
        }
        cTokenId = token(c).path("id").asText();
        cInvitation = invite(c, c.tenantId(), "canary-invitee@example.com");
        cSessionId = currentSession(c.token());

        s = api.signUp();
        sSessionId = currentSession(s.token());

        own(Tenant.F, f.userId(), fWorkspace, fProject, fSpareProject, fKey.id(), fReadOnlyKey.id(), fSpareKey.id(),
                fTokenId, fSpareTokenId, fInvitation);
        fEvents.forEach(e -> own(Tenant.F, e));
        own(Tenant.O, o.userId(), o.tenantId(), oProject, oKey.id());
        oEvents.forEach(e -> own(Tenant.O, e));
        own(Tenant.C, c.userId(), c.tenantId(), cProject, cKey.id(), cTokenId, cSessionId, cInvitation);
        cEvents.forEach(e -> own(Tenant.C, e));
        own(Tenant.S, s.userId(), s.tenantId(), sSessionId);
    }

    private void own(Tenant tenant, String... ids) {
        for (String id : ids) {
            owners.put(id, tenant);
        }
    }

    private JsonNode token(Account account) {
        return api.as(account.token()).post("/v1/me/tokens",
                Map.of("name", "fuzz", "scopes", TOKEN_SCOPES, "expiresInDays", 30), null).expect(201);
    }

    private String invite(Account account, String workspace, String email) {
        return api.as(account.token()).post("/v1/workspaces/" + workspace + "/invitations",
                Map.of("email", email, "role", "developer"), null).expect(201).path("id").asText();
    }

    private String currentSession(String token) {
        for (JsonNode session : api.as(token).get("/v1/me/sessions").expect(200).path("sessions")) {
            if (session.path("current").asBoolean()) {
                return session.path("id").asText();
            }
        }
        throw new IllegalStateException("no current session in /v1/me/sessions");
    }

    /** A new session of {@code S}, for a route that ends the session it is called with. */
    String freshSession() {
        return api.logIn(s.email(), ApiClient.PASSWORD);
    }

    /**
     * The canary as its owner reads it (with its session, never its key or token, whose use would be recorded):
     * each answer's status and body, by path. The session list is left out (it records the reads themselves).
     */
    Map<String, String> canary(java.util.concurrent.ExecutorService readers) throws InterruptedException {
        String w = "/v1/workspaces/" + c.tenantId();
        String p = "/v1/projects/" + cProject;
        List<String> paths = List.of(w, w + "/members", w + "/invitations", w + "/audit", "/v1/me", "/v1/me/tokens",
                "/v1/me/totp", p, p + "/api-keys", p + "/event-types", p + "/event-types/" + TYPE,
                p + "/objects?type=" + OBJECT_TYPE, p + "/objects/" + CANARY_OBJECT,
                p + "/objects/" + CANARY_OBJECT + "/events", p + "/objects/o1", p + "/events/" + cEvents.get(0),
                p + "/api-keys/" + cKey.id() + "/refusals", p + "/violations/counts");
        ApiClient owner = api.as(c.token());
        Map<String, java.util.concurrent.Future<ApiClient.Text>> reading = new LinkedHashMap<>();
        for (String path : paths) {
            reading.put(path, readers.submit(() -> owner.text("GET", path, null, null)));
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (Map.Entry<String, java.util.concurrent.Future<ApiClient.Text>> read : reading.entrySet()) {
            ApiClient.Text answer;
            try {
                answer = read.getValue().get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("GET " + read.getKey() + " failed", e.getCause());
            }
            answers.put(read.getKey(), answer.status() + " " + (read.getKey().endsWith("/audit")
                    ? withoutFailedSignIns(answer.body()) : answer.body()));
        }
        return answers;
    }

    /**
     * The audit log without {@code signin.failed} entries: a wrong password sent with the canary's e-mail (the
     * fuzzer tries others' e-mails) is recorded in the canary's log by design (docs/design.md#audit-log).
     */
    private static String withoutFailedSignIns(String audit) {
        try {
            JsonNode page = ApiClient.JSON.readTree(audit);
            for (String list : List.of("entries", "actions")) {
                java.util.Iterator<JsonNode> items = page.path(list).elements();
                while (items.hasNext()) {
                    JsonNode item = items.next();
                    if (item.path("action").asText(item.asText()).equals("signin.failed")) {
                        items.remove();
                    }
                }
            }
            return page.toString();
        } catch (java.io.IOException e) {
            return audit;
        }
    }

    /** An Authorization header (null for none) and whom it speaks for (null: nobody). */
    record Credential(String header, Tenant tenant) {
    }

    /** Routes that end the session they are called with: given a fresh session of {@code S} instead of F's or O's. */
    private static final Set<String> SESSION_ENDING = Set.of("POST /v1/auth/logout",
            "POST /v1/me/sessions/sign-out-everywhere");

    /** The credential {@code auth} names for {@code op} ({@code variant} picks a malformed header). */
    Credential credential(FuzzOperations.Operation op, FuzzRequest.Auth auth, int variant) {
        boolean data = op.plane() == FuzzOperations.Plane.DATA;
        boolean control = op.plane() == FuzzOperations.Plane.CONTROL;
        if (SESSION_ENDING.contains(op.route()) && (auth == FuzzRequest.Auth.OWN || auth == FuzzRequest.Auth.OTHER_TENANT)) {
            return new Credential("Bearer " + freshSession(), Tenant.S);
        }
        return switch (auth) {
            case OWN -> data ? bearer(fKey.secret(), Tenant.F) : control ? bearer(f.token(), Tenant.F)
                    : new Credential(null, null);
            case OWN_TOKEN -> bearer(fToken, Tenant.F);
            case READ_ONLY_KEY -> bearer(fReadOnlyKey.secret(), Tenant.F);
            case NONE -> new Credential(null, null);
            case GARBAGE -> new Credential(garbage(variant), null);
            case OTHER_TENANT -> data ? bearer(oKey.secret(), Tenant.O) : bearer(o.token(), Tenant.O);
            case WRONG_KIND -> data ? bearer(f.token(), null) : bearer(fKey.secret(), null);
        };
    }

    private static Credential bearer(String secret, Tenant tenant) {
        return new Credential("Bearer " + secret, tenant);
    }

    /** Authorization headers that name nobody: made up, cut short, one character more, another scheme. */
    private String garbage(int variant) {
        String key = fKey.secret();
        List<String> headers = List.of("Bearer nope", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer " + key + "x",
                "Bearer " + key.substring(0, key.length() - 1), "Token " + f.token(), "Bearer " + f.token() + " "
                        + f.token(), "Bearer\t", "Bearer " + "a".repeat(5000), "Bearer " + key.toUpperCase());
        return headers.get(variant % headers.size());
    }

    /** The ids fuzzed requests must never delete or end: the fuzzer would lose its own footing. */
    Set<String> footing() {
        return Set.of(fWorkspace, fProject, fKey.id(), fReadOnlyKey.id(), fTokenId, f.userId());
    }
}
