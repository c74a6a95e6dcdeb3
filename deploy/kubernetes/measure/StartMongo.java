import io.padic.embedded.EmbeddedMongo;

/** The embedded store in memory on a port, until killed: the store for redis_memory.py (docs/scaling.md). */
public class StartMongo {
    public static void main(String[] args) throws Exception {
        EmbeddedMongo mongo = EmbeddedMongo.inMemory("127.0.0.1", Integer.parseInt(args[0]));
        System.out.println("mongo " + mongo.connectionString());
        Thread.currentThread().join();
    }
}
