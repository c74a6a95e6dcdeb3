package io.padic.api;

import static io.padic.api.support.Api.as;
import static io.padic.api.support.Api.problem;
import static io.padic.api.support.Api.signUp;
import static io.padic.api.support.MailResource.awaitMail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.padic.api.common.Digests;
import io.padic.api.support.Api;
import io.padic.api.support.MailResource;
import io.padic.api.support.MailResource.Received;
import io.padic.api.support.RedisResource;
import io.padic.api.support.StoreResource;
import io.padic.testkit.Account;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Members and invitations (docs/api.md, Accounts): invite by e-mail with a role, accept through the mailed link as
 * the invited address, list, revoke, change roles, remove and leave, with the rule that a workspace always keeps an
 * owner and that only owners touch owners.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(MailResource.class)
class MembersTest {

    private static final String PASSWORD = "correct horse battery";

    static String members(Account owner) {
        return "/v1/workspaces/" + owner.tenantId() + "/members";
    }

    static String invitations(Account owner) {
        return "/v1/workspaces/" + owner.tenantId() + "/invitations";
    }

    static Response invite(String token, String tenantId, String email, String role) {
        return as(token).body(Map.of("email", email, "role", role))
                .post("/v1/workspaces/" + tenantId + "/invitations");
    }

    static Response accept(String session, String token) {
        return as(session).body(Map.of("token", token)).post("/v1/invitations/accept");
    }

    static String newEmail() {
        return "invitee-" + UUID.randomUUID() + "@example.com";
    }

    /** Invites a new address with {@code role}, signs it up and accepts the mailed link: the new member. */
    static Account join(Account owner, String role) {
        String email = newEmail();
        invite(owner.token(), owner.tenantId(), email, role).then().statusCode(201);
        String token = awaitMail(email, "invited you").token();
        Account member = Api.signUp(email, PASSWORD);
        accept(member.token(), token).then().statusCode(200);
        return member;
    }

    static Response changeRole(String session, Account owner, String userId, String role) {
        return as(session).body(Map.of("role", role)).patch(members(owner) + "/" + userId);
    }

    @Test
    void anInvitedPersonSignsUpThroughTheLinkAndJoinsWithTheRole() {
        Account owner = signUp();
        String email = newEmail();
        invite(owner.token(), owner.tenantId(), email.toUpperCase(), "developer").then().statusCode(201)
                .body("email", equalTo(email)).body("role", equalTo("developer"))
                .body("invitedBy", equalTo(owner.userId()));
        Received mail = awaitMail(email, "invited you");
        assertEquals("http://127.0.0.1:8081/invitations/accept", mail.page());
        assertTrue(mail.text().contains("as developer"), mail.text());
        as(owner.token()).get(invitations(owner)).then().statusCode(200).body("invitations.email", equalTo(
                List.of(email)));

        given().contentType(ContentType.JSON).body(Map.of("token", mail.token())).post("/v1/invitations/lookup")
                .then().statusCode(200).body("workspaceId", equalTo(owner.tenantId()))
                .body("email", equalTo(email)).body("role", equalTo("developer"))
                .body("invitedBy", equalTo("Test User"));

        Account invitee = Api.signUp(email, PASSWORD);
        accept(invitee.token(), mail.token()).then().statusCode(200).body("id", equalTo(owner.tenantId()))
                .body("role", equalTo("developer"));
        as(invitee.token()).get("/v1/workspaces").then().body("workspaces.id", hasItem(owner.tenantId()));
        as(invitee.token()).get("/v1/me").then().body("user.emailVerified", equalTo(true));
        as(invitee.token()).get(members(owner)).then().statusCode(200)
                .body("members.email", containsInAnyOrder(owner.email(), email))
                .body("members.find { it.email == '" + email + "' }.role", equalTo("developer"));
        as(owner.token()).get(invitations(owner)).then().body("invitations.size()", equalTo(0));

        problem(accept(invitee.token(), mail.token()).then(), 410).body("errors[0].field", equalTo("token"));
    }

    @Test
    void onlyTheInvitedAddressAcceptsAndOnlyOnce() throws Exception {
        Account owner = signUp();
        String email = newEmail();
        invite(owner.token(), owner.tenantId(), email, "viewer").then().statusCode(201);
        String token = awaitMail(email, "invited you").token();

        Account stranger = signUp();
        problem(accept(stranger.token(), token).then(), 403).body("errors[0].field", equalTo("email"));
        problem(given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/v1/invitations/accept")
                .then(), 401);

        Account invitee = Api.signUp(email, PASSWORD);
        List<Callable<Integer>> tries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tries.add(() -> accept(invitee.token(), token).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Integer> f : pool.invokeAll(tries)) {
                statuses.add(f.get());
            }
        }
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        as(owner.token()).get(members(owner)).then().body("members.size()", equalTo(2));
    }

    @Test
    void revokedAndExpiredInvitationsAreRefused() {
        Account owner = signUp();
        String revokedEmail = newEmail();
        String id = invite(owner.token(), owner.tenantId(), revokedEmail, "viewer").then().statusCode(201)
                .extract().path("id");
        String revokedToken = awaitMail(revokedEmail, "invited you").token();
        as(owner.token()).delete(invitations(owner) + "/" + id).then().statusCode(204);
        problem(as(owner.token()).delete(invitations(owner) + "/" + id).then(), 404);
        Account revoked = Api.signUp(revokedEmail, PASSWORD);
        problem(accept(revoked.token(), revokedToken).then(), 410)
                .body("type", equalTo("https://padic.io/problems/link-used"));

        String lateEmail = newEmail();
        invite(owner.token(), owner.tenantId(), lateEmail, "viewer").then().statusCode(201);
        String lateToken = awaitMail(lateEmail, "invited you").token();
        Api.store().getCollection("one_time_tokens").updateOne(Filters.eq("_id", Digests.sha256(lateToken)),
                Updates.set("expiresAt", new Date(System.currentTimeMillis() - 1000)));
        Account late = Api.signUp(lateEmail, PASSWORD);
        problem(accept(late.token(), lateToken).then(), 410)
                .body("type", equalTo("https://padic.io/problems/link-expired"))
                .body("errors[0].field", equalTo("token"));
        problem(given().contentType(ContentType.JSON).body(Map.of("token", "pdi_nope"))
                .post("/v1/invitations/lookup").then(), 404).body("errors[0].field", equalTo("token"));
    }

    @Test
    void whoMayInviteAndWhatTheyMayGive() {
        Account owner = signUp();
        Account admin = join(owner, "admin");
        Account developer = join(owner, "developer");
        Account viewer = join(owner, "viewer");

        as(viewer.token()).get(members(owner)).then().statusCode(200).body("members.size()", equalTo(4));
        problem(as(viewer.token()).get(invitations(owner)).then(), 403);
        problem(invite(developer.token(), owner.tenantId(), newEmail(), "viewer").then(), 403);
        problem(invite(admin.token(), owner.tenantId(), newEmail(), "owner").then(), 403);
        invite(admin.token(), owner.tenantId(), newEmail(), "admin").then().statusCode(201);
        invite(owner.token(), owner.tenantId(), newEmail(), "owner").then().statusCode(201);
        problem(invite(owner.token(), owner.tenantId(), viewer.email(), "admin").then(), 409)
                .body("errors[0].field", equalTo("email"));
        problem(invite(owner.token(), owner.tenantId(), "not an address", "admin").then(), 422)
                .body("errors[0].field", containsString("email"));
        problem(invite(signUp().token(), owner.tenantId(), newEmail(), "viewer").then(), 404);
    }

    @Test
    void rolesChangeAndOnlyOwnersTouchOwners() {
        Account owner = signUp();
        Account admin = join(owner, "admin");
        Account developer = join(owner, "developer");

        changeRole(admin.token(), owner, developer.userId(), "viewer").then().statusCode(200)
                .body("members.find { it.userId == '" + developer.userId() + "' }.role", equalTo("viewer"));
        problem(changeRole(developer.token(), owner, admin.userId(), "viewer").then(), 403);
        problem(changeRole(admin.token(), owner, owner.userId(), "admin").then(), 403);
        problem(changeRole(admin.token(), owner, developer.userId(), "owner").then(), 403);
        problem(changeRole(owner.token(), owner, "usr_nobody", "viewer").then(), 404);

        problem(changeRole(owner.token(), owner, owner.userId(), "admin").then(), 409)
                .body("type", equalTo("https://padic.io/problems/last-owner"))
                .body("errors[0].field", equalTo("role"));
        changeRole(owner.token(), owner, admin.userId(), "owner").then().statusCode(200);
        changeRole(owner.token(), owner, owner.userId(), "admin").then().statusCode(200);
        as(owner.token()).get("/v1/workspaces/" + owner.tenantId()).then().body("role", equalTo("admin"));
    }

    @Test
    void membersAreRemovedOrLeaveAndTheLastOwnerStays() {
        Account owner = signUp();
        Account admin = join(owner, "admin");
        Account developer = join(owner, "developer");
        Account viewer = join(owner, "viewer");

        problem(as(admin.token()).delete(members(owner) + "/" + owner.userId()).then(), 403);
        problem(as(developer.token()).delete(members(owner) + "/" + viewer.userId()).then(), 403);
        as(admin.token()).delete(members(owner) + "/" + developer.userId()).then().statusCode(204);
        problem(as(developer.token()).get("/v1/workspaces/" + owner.tenantId()).then(), 404);
        as(developer.token()).get("/v1/workspaces").then().body("workspaces.id", not(hasItem(owner.tenantId())));

        as(viewer.token()).post("/v1/workspaces/" + owner.tenantId() + "/leave").then().statusCode(204);
        problem(as(viewer.token()).get(members(owner)).then(), 404);

        problem(as(owner.token()).post("/v1/workspaces/" + owner.tenantId() + "/leave").then(), 409)
                .body("type", equalTo("https://padic.io/problems/last-owner"))
                .body("errors[0].field", equalTo("userId"));
        problem(as(owner.token()).delete(members(owner) + "/" + owner.userId()).then(), 409);
        as(owner.token()).get(members(owner)).then().body("members.userId",
                containsInAnyOrder(owner.userId(), admin.userId()));
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
        for (int round = 0; round < 5; round++) {
            Account first = signUp();
            Account second = join(first, "owner");
            List<Callable<Integer>> both = List.of(
                    () -> changeRole(first.token(), first, second.userId(), "viewer").statusCode(),
                    () -> as(second.token()).delete(members(first) + "/" + first.userId()).statusCode());
            List<Integer> statuses = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                for (Future<Integer> f : pool.invokeAll(both)) {
                    statuses.add(f.get());
                }
            }
            Document tenant = Api.store().getCollection("tenants").find(Filters.eq("_id", first.tenantId())).first();
            long owners = tenant.getList("members", Document.class).stream()
                    .filter(m -> "OWNER".equals(m.getString("role"))).count();
            assertEquals(1, owners, statuses + " " + tenant.toJson());
            assertTrue(statuses.contains(409) || statuses.contains(404) || statuses.contains(403),
                    statuses.toString());
        }
    }
}
