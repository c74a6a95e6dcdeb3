package io.padic.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.padic.embedded.ChildApp;
import io.padic.embedded.Compaction;
import io.padic.embedded.EmbeddedMongo;
import io.padic.embedded.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;

/**
 * What {@code ./padic up} runs, started the same way: the embedded store in this JVM (H2 file under a
 * temporary directory, or memory), a Redis process, and platform-api as a child JVM running its packaged
 * app ({@code java -jar quarkus-run.jar}, from a copy taken at start). Closing stops all three and removes
 * the temporary directory; platform-api's log is kept.
 */
public final class Stack implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final Path workDir;
    private final EmbeddedMongo mongo;
    private final RedisProcess redis;
    private final ChildApp api;
    private final Path app;
    private final List<String> apiJvmArgs;
    private final Map<String, String> apiEnv;
    /** platform-api processes started beside the first one, on the same store and Redis. */
    private final List<ChildApp> extraApis = new ArrayList<>();
    private boolean closed;

    private Stack(Path workDir, EmbeddedMongo mongo, RedisProcess redis, ChildApp api, Path app,
            List<String> apiJvmArgs, Map<String, String> apiEnv) {
        this.workDir = workDir;
        this.mongo = mongo;
        this.redis = redis;
        this.api = api;
        this.app = app;
        this.apiJvmArgs = List.copyOf(apiJvmArgs);
        this.apiEnv = apiEnv;
    }

    /** Starts the three and returns once platform-api answers {@code /q/health/ready} with 200. */
    public static Stack start(Options.Store store, Path apiJar, List<String> apiJvmArgs, Map<String, String> extraApiEnv) {
        Path workDir = tempDir("padic-bench-");
        List<AutoCloseable> started = new ArrayList<>();
        try {
            EmbeddedMongo mongo = store == Options.Store.H2
                    ? EmbeddedMongo.onDisk(workDir.resolve("store"), HOST, 0)
                    : EmbeddedMongo.inMemory(HOST, 0);
            started.add(mongo);
            RedisProcess redis = RedisProcess.start(HOST, 0);
            started.add(redis);
            Path log = Files.createTempFile("padic-bench-api-", ".log");
            // A copy of the app directory: a rebuild during the run must not swap jars under the running process.
            Path app = copyTree(apiJar.getParent(), workDir.resolve("quarkus-app")).resolve(apiJar.getFileName());
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PADIC_MONGODB_URI", mongo.connectionString());
            env.put("PADIC_REDIS_URL", redis.url());
            // Sign-up hashes one password; cost 12 would only slow the setup down.
            env.put("PADIC_AUTH_BCRYPT_COST", "4");
            // Production needs a key to seal TOTP secrets; a fresh one per run (bench enrols nobody).
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            env.put("PADIC_AUTH_SECRET_KEY", java.util.Base64.getEncoder().encodeToString(key));
            env.putAll(extraApiEnv);
            ChildApp api = startApi("platform-api", app, apiJvmArgs, env, log);
            started.add(api);
            api.awaitReady();
            return new Stack(workDir, mongo, redis, api, app, apiJvmArgs, env);
        } catch (IOException | RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                closeQuietly(started.get(i));
            }
            deleteTree(workDir);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot start platform-api from " + apiJar, io);
            }
            throw (RuntimeException) e;
        }
    }

    private static ChildApp startApi(String name, Path app, List<String> jvmArgs, Map<String, String> env, Path log) {
        return ChildApp.builder(name, app).jvmArgs(jvmArgs).env(env).host(HOST).log(log).start();
    }

    /**
     * Starts one more platform-api on the same store and Redis, with the first one's JVM arguments and environment
     * plus {@code env} (e.g. a setting turned off, to compare the two); returns once it is ready. It is stopped with
     * the stack.
     */
    public synchronized ChildApp startExtraApi(String name, Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>(apiEnv);
        all.putAll(env);
        try {
            ChildApp extra = startApi(name, app, apiJvmArgs, all,
                    Files.createTempFile("padic-bench-" + name + "-", ".log"));
            extraApis.add(extra);
            extra.awaitReady();
            return extra;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    public String apiUrl() {
        return api.baseUrl();
    }

    /** Where platform-api serves its metrics (its management interface, on a free port of 127.0.0.1). */
    public String apiManagementUrl() {
        return api.managementUrl();
    }

    String redisUrl() {
        return redis.url();
    }

    String mongoUri() {
        return mongo.connectionString();
    }

    public long apiPid() {
        return api.pid();
    }

    public Path apiLog() {
        return api.log();
    }

    /**
     * Stops platform-api, Redis and the store, then compacts the store file as the next start would: the file
     * against its live data after the run, and after a compaction. {@link #close()} still removes it all.
     */
    Compaction stopAndCompactStore() {
        extraApis.forEach(Stack::closeQuietly);
        closeQuietly(api);
        closeQuietly(redis);
        closeQuietly(mongo);
        return EmbeddedMongo.compactClosedStore(workDir.resolve("store"));
    }

    /** Bytes of the documents in PAdic's database as the store counts them (BSON), indexes aside. */
    long documentBytes() {
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            Document stats = client.getDatabase("padic").runCommand(new Document("dbStats", 1));
            return ((Number) stats.get("dataSize")).longValue();
        }
    }

    /** platform-api first (it holds connections to both), then Redis, then the store, which flushes its file. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        extraApis.forEach(Stack::closeQuietly);
        closeQuietly(api);
        closeQuietly(redis);
        closeQuietly(mongo);
        deleteTree(workDir);
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("bench: while stopping: " + e);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
