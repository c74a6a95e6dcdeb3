package io.padic.dashboard.support;

import io.padic.embedded.ChildApp;
import io.padic.embedded.EmbeddedMongo;
import io.padic.embedded.FreePorts;
import io.padic.embedded.RedisProcess;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real platform-api for the dashboard's tests: its packaged app ({@code platform-api/target/quarkus-app}, built
 * earlier in the reactor) as a child JVM, on the embedded in-memory store and a Redis process. The dashboard under
 * test gets {@code padic.api.url} pointing at it. Its output goes to {@code target/api-logs/}.
 */
public class PlatformApiResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail smtp;
    private EmbeddedMongo mongo;
    private RedisProcess redis;
    private ChildApp api;
    private final Map<String, String> extraEnv;

    public PlatformApiResource() {
        this(Map.of());
    }

    /** With more environment for platform-api (the single sign-on test names its identity provider). */
    public PlatformApiResource(Map<String, String> extraEnv) {
        this.extraEnv = extraEnv;
    }

    @Override
    public Map<String, String> start() {
        Path appDir = Path.of(System.getProperty("padic.api.app.dir", "../platform-api/target/quarkus-app"))
                .toAbsolutePath().normalize();
        Path jar = ChildApp.runJar(appDir, "build platform-api first (./mvnw -pl dashboard -am verify)");
        try {
            mongo = EmbeddedMongo.inMemory("127.0.0.1", 0);
            redis = RedisProcess.start("127.0.0.1", 0);
            smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            int port = FreePorts.find();
            // A short-lived test server: C1 and the serial GC start faster and leave the CPU to the browser.
            api = ChildApp.builder("platform-api", jar)
                    .jvmArgs(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                            "-Dpolyglot.engine.WarnInterpreterOnly=false"))
                    .env(Map.of(
                            // Mails go to GreenMail in this JVM; tests read them through Mailbox.
                            "QUARKUS_MAILER_HOST", "127.0.0.1",
                            "QUARKUS_MAILER_PORT", String.valueOf(smtp.getSmtp().getPort()),
                            "QUARKUS_MAILER_START_TLS", "DISABLED",
                            "PADIC_MAIL_RESET_PER_ADDRESS_ATTEMPTS", "100000"))
                    .env(Map.of(
                            "PADIC_MONGODB_URI", mongo.connectionString(),
                            "PADIC_MONGODB_DATABASE", "padic-dashboard-test",
                            "PADIC_REDIS_URL", redis.url(),
                            "PADIC_AUTH_BCRYPT_COST", "4",
                            // Production needs a key to seal TOTP secrets (a test one here).
                            "PADIC_AUTH_SECRET_KEY", "ZGFzaGJvYXJkLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE=",
                            // Every test signs up through the one dashboard, so from one address.
                            "PADIC_AUTH_LIMITS_SIGNUP_PER_ADDRESS_ATTEMPTS", "100000",
                            "PADIC_AUTH_LIMITS_LOGIN_PER_ADDRESS_ATTEMPTS", "100000",
                            // Histories are sent with past times, long closed: check them as soon as counted.
                            "PADIC_ANALYTICS_ANOMALIES_CHECK_EVERY", "1s",
                            "PADIC_ANALYTICS_ANOMALIES_CHECK_DELAY", "1s",
                            "PADIC_ANALYTICS_ANOMALIES_SETTLE", "PT0S"))
                    .env(extraEnv)
                    .port(port)
                    .workingDir(appDir)
                    .log(Path.of("target", "api-logs", "platform-api-" + port + ".log").toAbsolutePath())
                    .readyTimeout(Duration.ofSeconds(Long.getLong("padic.api.ready-timeout-seconds", 90)))
                    .startReady();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        // The store too, for the few tests that must age what a user cannot (RecentSignInE2E).
        return Map.of("padic.api.url", api.baseUrl(), "padic.test.store-uri", mongo.connectionString());
    }

    /** The SMTP server platform-api sends its mails to. */
    static GreenMail smtp() {
        return smtp;
    }

    @Override
    public void stop() {
        if (api != null) {
            api.stop();
        }
        if (redis != null) {
            redis.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }
}
