package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.padic.api.support.MailResource;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two owners of a workspace demote and remove each other at the same moment through two platform-api processes
 * on one store: each change is decided on the tenant as read and written conditional on its revision, so exactly
 * one lands and the workspace keeps an owner; each user's list of workspaces follows their membership. The
 * invitations that make the second owner go through a real SMTP server (GreenMail) in this JVM.
 */
class LastOwnerRacesIT {

    private static final int ROUNDS = 12;

    private static TwoApps apps;
    private static GreenMail smtp;

    @BeforeAll
    static void startTwoProcessesOnOneStore(@TempDir Path dataDir) {
        smtp = MailResource.startServer();
        Map<String, String> mail = Map.of("QUARKUS_MAILER_HOST", "127.0.0.1",
                "QUARKUS_MAILER_PORT", String.valueOf(smtp.getSmtp().getPort()),
                "QUARKUS_MAILER_START_TLS", "DISABLED");
        apps = TwoApps.on(Backends.startOnDisk(dataDir), "owners", mail);
    }

    @AfterAll
    static void stop() {
        if (apps != null) {
            apps.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static ApiClient via(int process, String token) {
        return ApiClient.to(apps.app(process).uri()).as(token);
    }

    /** A workspace of {@code first} (signed up through process 0) with {@code second} as a second owner. */
    private static Account secondOwner(Account first) {
        String email = "owner-" + UUID.randomUUID() + "@example.com";
        via(0, first.token()).post("/v1/workspaces/" + first.tenantId() + "/invitations",
                Map.of("email", email, "role", "owner"), null).expect(201);
        String token = MailResource.awaitMail(smtp, email, "invited you", 1).token();
        Account second = ApiClient.to(apps.app(1).uri()).signUp(email, ApiClient.PASSWORD, "Second Owner");
        via(1, second.token()).post("/v1/invitations/accept", Map.of("token", token), null).expect(200);
        return second;
    }

    private static List<String> owners(Account reader, String tenantId) {
        List<String> owners = new ArrayList<>();
        JsonNode members = via(0, reader.token()).get("/v1/workspaces/" + tenantId + "/members").expect(200)
                .path("members");
        members.forEach(m -> {
            if ("owner".equals(m.path("role").asText())) {
                owners.add(m.path("userId").asText());
            }
        });
        return owners;
    }

    private static boolean lists(Account user, String tenantId, int process) {
        List<String> ids = new ArrayList<>();
        via(process, user.token()).get("/v1/workspaces").expect(200).path("workspaces")
                .forEach(w -> ids.add(w.path("id").asText()));
        return ids.contains(tenantId);
    }

    @Test
    void twoOwnersDemotingOrRemovingEachOtherFromTwoProcessesLeaveExactlyOneOwner() throws Exception {
        int bothTried = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Account first = ApiClient.to(apps.app(0).uri()).signUp();
            Account second = secondOwner(first);
            String tenant = first.tenantId();
            String members = "/v1/workspaces/" + tenant + "/members/";
            // Half the rounds demote, half remove; each owner acts through its own process.
            boolean remove = round % 2 == 1;
            List<Callable<Integer>> both = List.of(
                    () -> remove ? via(0, first.token()).call("DELETE", members + second.userId(), null, null).status()
                            : via(0, first.token()).call("PATCH", members + second.userId(),
                                    Map.of("role", "developer"), null).status(),
                    () -> remove ? via(1, second.token()).call("DELETE", members + first.userId(), null, null).status()
                            : via(1, second.token()).call("PATCH", members + first.userId(),
                                    Map.of("role", "developer"), null).status());
            List<Integer> statuses = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                for (Future<Integer> f : pool.invokeAll(both)) {
                    statuses.add(f.get());
                }
            }
            bothTried++;
            long landed = statuses.stream().filter(s -> s == 200 || s == 204).count();
            assertEquals(1, landed, "exactly one change lands: " + statuses);

            String survivor = statuses.get(0) == 200 || statuses.get(0) == 204 ? first.userId() : second.userId();
            Account reader = survivor.equals(first.userId()) ? first : second;
            Account other = reader == first ? second : first;
            assertEquals(List.of(survivor), owners(reader, tenant), "round " + round + ": " + statuses);
            assertTrue(lists(reader, tenant, 0) && lists(reader, tenant, 1), "the owner lists the workspace");
            assertEquals(!remove, lists(other, tenant, 1), "the other lists it exactly while a member");
        }
        assertEquals(ROUNDS, bothTried);
    }
}
