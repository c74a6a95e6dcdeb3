package io.padic.api.identity;

import io.padic.api.common.ApiProblem;
import io.padic.api.common.PadicConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt through Bouncy Castle; the cost is configurable so tests stay fast while production is slow.
 * Hashing runs on a small fixed pool with a bounded queue: a flood of sign-ins takes at most that many
 * cores, so other requests keep answering, and what does not fit in the queue is refused at once (503).
 */
@ApplicationScoped
public class PasswordHasher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration RETRY_WHEN_BUSY = Duration.ofSeconds(1);

    private final int cost;
    private final ThreadPoolExecutor pool;
    /** What an unknown e-mail is checked against, so it costs what a known one does (no enumeration by time). */
    private final String dummyHash;

    public PasswordHasher(PadicConfig config) {
        int threads = config.auth().hashing().threads();
        int queue = config.auth().hashing().queue();
        this.cost = config.auth().bcryptCost();
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                task -> {
                    Thread thread = new Thread(task, "padic-password-hashing-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.dummyHash = generate(HexFormat.of().formatHex(randomBytes(24)));
    }

    public String hash(String password) {
        return onPool(() -> generate(password));
    }

    /** Whether {@code password} matches {@code hash}; with no hash (unknown account) it does the same work and fails. */
    public boolean matches(String password, String hash) {
        return onPool(() -> {
            boolean match = OpenBSDBCrypt.checkPassword(hash == null ? dummyHash : hash, password.toCharArray());
            return match && hash != null;
        });
    }

    private String generate(String password) {
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), randomBytes(16), cost);
    }

    private <T> T onPool(Callable<T> work) {
        Future<T> result;
        try {
            result = pool.submit(work);
        } catch (RejectedExecutionException e) {
            throw ApiProblem.busy("Too many sign-ins are being checked right now; try again shortly", RETRY_WHEN_BUSY);
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a password was hashed", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
