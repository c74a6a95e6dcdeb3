package io.padic.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * A MongoDB wire-protocol server in this JVM (mongo-java-server), either in memory for tests or
 * backed by an H2 MVStore file for the embedded default, so the same driver code runs everywhere.
 */
public final class EmbeddedMongo implements AutoCloseable {

    /** File name of the store inside the data directory; changing it would orphan existing data. */
    static final String STORE_FILE = "padic.mv.db";

    /** H2's default 16 MB page cache roughly halves exact-key speed at 100k docs (FACTS.md). */
    private static final int CACHE_SIZE_MB = 64;

    /**
     * A command's reply waits for the group commit on its event loop thread, which meanwhile serves no other
     * connection; with many loops, many connections wait at once and share one commit.
     */
    private static final int DURABLE_EVENT_LOOPS = 64;

    private final MongoServer server;
    private final InetSocketAddress address;
    // Both null for the in-memory backend.
    private final MVStore store;
    private final StoreCompaction compaction;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMongo(MongoServer server, InetSocketAddress address, MVStore store, StoreCompaction compaction) {
        this.server = server;
        this.address = address;
        this.store = store;
        this.compaction = compaction;
    }

    /** Starts a server whose data lives only as long as this object; port 0 picks a free port. */
    public static EmbeddedMongo inMemory(String host, int port) {
        return bind(new AtomicRepliesMemoryBackend(), host, port);
    }

    /** The memory backend with answers that carry whole documents ({@link ConsistentReplies}). */
    private static final class AtomicRepliesMemoryBackend extends MemoryBackend {
        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (ConsistentReplies.concerns(command)) {
                return ConsistentReplies.run(this, database, command, query,
                        () -> super.handleCommand(channel, database, command, query));
            }
            return super.handleCommand(channel, database, command, query);
        }
    }

    /**
     * Starts a server that keeps its data in an MVStore file under {@code dataDir} (created if missing),
     * forcing every change to the disk before it answers; port 0 picks a free port.
     */
    public static EmbeddedMongo onDisk(Path dataDir, String host, int port) {
        return onDisk(dataDir, host, port, StoreSync.DEFAULT);
    }

    /**
     * Starts a server that keeps its data in an MVStore file under {@code dataDir} (created if missing) and
     * answers no command before what it may have seen is written as {@code sync} says; port 0 picks a free port.
     */
    public static EmbeddedMongo onDisk(Path dataDir, String host, int port, StoreSync sync) {
        MVStore store = openStore(dataDir);
        try {
            DurableH2Backend backend = new DurableH2Backend(store, sync);
            MongoServer server = bind(backend, host, port, DURABLE_EVENT_LOOPS);
            return new EmbeddedMongo(server, server.getLocalAddress(), store,
                    StoreCompaction.whileServing(store, backend));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static MVStore openStore(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir, e);
        }
        Path file = dataDir.resolve(STORE_FILE);
        try {
            Compaction compaction = StoreCompaction.atOpen(file);
            if (compaction.ran()) {
                System.out.printf("padic: compacted the store file from %d to %d MiB%n",
                        compaction.before().fileBytes() >> 20, compaction.after().fileBytes() >> 20);
            }
            MVStore store = new MVStore.Builder()
                    .fileName(file.toString())
                    // No background thread: DurableH2Backend commits before it answers (GroupCommit), and
                    // H2's background compaction raced long scans ("Chunk N not found", h2database#4383).
                    .autoCommitDisabled()
                    // H2 never compacts on its own without the background thread; StoreCompaction does.
                    .autoCompactFillRate(0)
                    .cacheSize(CACHE_SIZE_MB)
                    .open();
            StoreTypes.markIfFresh(store);
            return store;
        } catch (MVStoreException e) {
            String hint = e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED
                    ? "another process (a second padic?) has it open"
                    : e.getMessage();
            throw new IllegalStateException("Cannot open the store file " + file + ": " + hint, e);
        }
    }

    private static EmbeddedMongo bind(MongoBackend backend, String host, int port) {
        MongoServer server = bind(backend, host, port, 0);
        return new EmbeddedMongo(server, server.getLocalAddress(), null, null);
    }

    /** {@code eventLoops} 0: Netty's default (twice the cores). */
    private static MongoServer bind(MongoBackend backend, String host, int port, int eventLoops) {
        MongoServer server = new MongoServer(backend);
        try {
            // Binding port 0 here (not FreePorts) leaves no window for another process to take it.
            server.bind(new InetSocketAddress(host, port), 1, eventLoops);
        } catch (RuntimeException e) {
            server.shutdownNow();
            throw new IllegalStateException("Cannot bind the embedded MongoDB store to " + host + ":" + port, e);
        }
        return server;
    }

    /** A connection string for the MongoDB driver, e.g. {@code mongodb://127.0.0.1:27017}. */
    public String connectionString() {
        return "mongodb://" + clientHost() + ":" + port();
    }

    public int port() {
        return address.getPort();
    }

    private String clientHost() {
        if (address.getAddress() == null || address.getAddress().isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String host = address.getAddress().getHostAddress();
        return address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host;
    }

    /** The on-disk store (null in memory): for tests of its file. */
    MVStore store() {
        return store;
    }

    /** The store file's size and live share; zero bytes for the in-memory backend. */
    public StoreFileStats fileStats() {
        return store == null ? StoreFileStats.empty() : StoreFileStats.of(store);
    }

    /**
     * Compacts the store file under {@code dataDir} (open nowhere) as {@link #onDisk} does when it opens, if it is
     * worth it: what the load tool reports.
     */
    public static Compaction compactClosedStore(Path dataDir) {
        return StoreCompaction.atOpen(dataDir.resolve(STORE_FILE));
    }

    /**
     * Stops (or resumes) the timer's online steps, so that a test decides when steps run: on a slow machine the
     * timer would otherwise step in while the test is still fragmenting the file.
     */
    void holdOnlineSteps(boolean held) {
        if (compaction != null) {
            compaction.hold(held);
        }
    }

    /** One online compaction step now, as the store runs one when its chunks are mostly dead (commands wait meanwhile). */
    public void compactWhileServing() {
        if (compaction != null) {
            compaction.step();
        }
    }

    /** Stops accepting connections and closes the backend, which flushes and closes the MVStore. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (compaction != null) {
                compaction.close();
            }
            server.shutdown();
        }
    }
}
