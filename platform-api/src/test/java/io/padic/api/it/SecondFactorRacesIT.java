package io.padic.api.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.support.Totp;
import io.padic.testkit.Account;
import io.padic.testkit.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One TOTP code, or one recovery code, sent at once to two platform-api processes on one store, each time to finish
 * a different log-in: exactly one log-in gets a session, every other is refused (the time step and the recovery
 * code are used up by one conditional update each, so no process accepts what another already took).
 */
class SecondFactorRacesIT {

    private static final int TRIES = 8;

    private static TwoApps apps;

    @BeforeAll
    static void startTwoProcessesOnOneStore() {
        apps = TwoApps.start("mfa", Map.of());
    }

    @AfterAll
    static void stop() {
        if (apps != null) {
            apps.close();
        }
    }

    private static ApiClient via(int i) {
        return ApiClient.to(apps.app(i).uri());
    }

    /** A new account with TOTP on: its base32 secret and recovery codes. */
    private record Enrolled(Account account, String secret, List<String> recoveryCodes) {
    }

    private static Enrolled enrol() {
        Account account = via(0).signUp();
        String secret = via(0).as(account.token()).post("/v1/me/totp", Map.of(), null).expect(201).path("secret")
                .asText();
        List<String> codes = new ArrayList<>();
        via(1).as(account.token()).post("/v1/me/totp/confirm", Map.of("code", Totp.code(secret, 0)), null)
                .expect(200).path("recoveryCodes").forEach(c -> codes.add(c.asText()));
        return new Enrolled(account, secret, codes);
    }

    /** Log-ins waiting for their second factor, half of them through each process. */
    private static List<String> firstSteps(Account account) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            tokens.add(via(i).post("/v1/auth/login", Map.of("email", account.email(), "password",
                    ApiClient.PASSWORD), null).expect(401).path("mfaToken").asText());
        }
        return tokens;
    }

    /** Sends {@code code} to finish every log-in at the same moment; answers the statuses. */
    private static List<Integer> race(List<String> mfaTokens, String code) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < mfaTokens.size(); i++) {
            int n = i;
            tasks.add(() -> {
                start.await();
                return via(n).post("/v1/auth/login/second-factor", Map.of("mfaToken", mfaTokens.get(n),
                        "code", code), null).status();
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(mfaTokens.size())) {
            List<Future<Integer>> futures = new ArrayList<>();
            tasks.forEach(t -> futures.add(pool.submit(t)));
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        }
    }

    @Test
    void oneTotpCodeFinishesOneLogInAcrossTwoProcesses() throws Exception {
        Enrolled e = enrol();
        List<String> waiting = firstSteps(e.account());
        List<Integer> statuses = race(waiting, Totp.code(e.secret(), 1));
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one log-in wins: " + statuses);
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 422), "the others are refused: " + statuses);
    }

    @Test
    void oneRecoveryCodeFinishesOneLogInAcrossTwoProcesses() throws Exception {
        Enrolled e = enrol();
        List<String> waiting = firstSteps(e.account());
        List<Integer> statuses = race(waiting, e.recoveryCodes().get(0));
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one log-in wins: " + statuses);
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 422), "the others are refused: " + statuses);
        // The code is gone for good, through either process.
        String again = via(1).post("/v1/auth/login", Map.of("email", e.account().email(), "password",
                ApiClient.PASSWORD), null).expect(401).path("mfaToken").asText();
        assertEquals(422, via(0).post("/v1/auth/login/second-factor", Map.of("mfaToken", again, "code",
                e.recoveryCodes().get(0)), null).status());
    }
}
