package io.padic.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend, made to answer nothing that is not on file yet: a write command's reply waits for a
 * (group) commit that covers it, and a read's reply for one that covers every write it may have seen. Only a write
 * that asks for no journal ({@code j: false}) is answered once applied (see {@link #answeredOnceApplied}).
 * Maintenance that must not run beside any command (compaction, which drops old versions a scan may be
 * reading) runs through {@link #exclusively}.
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that change the store; everything else only reads it. Compared in lower case. */
    private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
            "create", "createindexes", "drop", "dropindexes", "dropdatabase", "renamecollection");

    private final GroupCommit groupCommit;
    // Shared by every command, exclusive for maintenance.
    private final ReentrantReadWriteLock commands = new ReentrantReadWriteLock();

    DurableH2Backend(MVStore store, StoreSync sync) {
        super(store);
        this.groupCommit = new GroupCommit(() -> {
            store.commit();
            if (sync == StoreSync.FSYNC) {
                store.sync();
            }
        });
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // Called by H2Backend's constructor too, before this class's fields are set: so nothing but the store decides.
        MVStore store = getMvStore();
        return StoreTypes.of(store) ? TypedH2Database.open(databaseName, store, getCursorRegistry())
                : super.openOrCreateDatabase(databaseName);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        commands.readLock().lock();
        try {
            if (!WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT))) {
                Document reply = handle(channel, database, command, query);
                groupCommit.awaitEverythingStarted();
                return reply;
            }
            long ticket = groupCommit.beginWrite();
            try {
                return handle(channel, database, command, query);
            } finally {
                groupCommit.endWrite();
                // Also after a failed command: an ordered insert may have stored its first documents.
                if (!answeredOnceApplied(query)) {
                    groupCommit.awaitDurable(ticket);
                }
            }
        } finally {
            commands.readLock().unlock();
        }
    }

    /**
     * A write sent with {@code j: false} asks, as MongoDB defines it, to be answered once applied, not once journaled.
     * It is answered so, and made durable by the next commit, which covers every write applied before it: so a later
     * write of the same client that waits for its commit makes this one durable too, and a kill loses only a suffix
     * of what one client wrote (platform-api's {@code padic.store.durable-in-order}; StoreCrashTest).
     */
    private static boolean answeredOnceApplied(Document command) {
        return command.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
    }

    private Document handle(Channel channel, String database, String command, Document query) {
        if (ConsistentReplies.concerns(command)) {
            return ConsistentReplies.run(this, database, command, query,
                    () -> super.handleCommand(channel, database, command, query));
        }
        return super.handleCommand(channel, database, command, query);
    }

    /** Runs {@code maintenance} while no command runs; commands that arrive meanwhile wait. */
    void exclusively(Runnable maintenance) {
        commands.writeLock().lock();
        try {
            maintenance.run();
        } finally {
            commands.writeLock().unlock();
        }
    }
}
