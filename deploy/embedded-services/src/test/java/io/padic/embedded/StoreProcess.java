package io.padic.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The embedded store alone in a JVM of its own, for tests that kill it: {@code StoreProcess <dataDir>}. */
public final class StoreProcess {

    static final String READY = "store ready on port ";

    private StoreProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedMongo mongo = EmbeddedMongo.onDisk(Path.of(args[0]), "127.0.0.1", 0);
        System.out.println(READY + mongo.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
