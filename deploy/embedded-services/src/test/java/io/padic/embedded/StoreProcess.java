package io.padic.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The embedded store alone in a JVM of its own, for tests that kill it: {@code StoreProcess <dataDir>
 * [compacting]}; with {@code compacting}, online compaction steps run back to back (every 10 ms instead of
 * when the file is worth it), so a kill lands in or between them.
 */
public final class StoreProcess {

    static final String READY = "store ready on port ";
    static final String COMPACTING = "compacting";

    private StoreProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedMongo mongo = EmbeddedMongo.onDisk(Path.of(args[0]), "127.0.0.1", 0);
        if (args.length > 1 && args[1].equals(COMPACTING)) {
            Thread steps = new Thread(() -> {
                while (true) {
                    mongo.compactWhileServing();
                    LockSupport.parkNanos(10_000_000L); // let commands in between steps
                }
            }, "compaction-steps");
            steps.setDaemon(true);
            steps.start();
        }
        System.out.println(READY + mongo.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
