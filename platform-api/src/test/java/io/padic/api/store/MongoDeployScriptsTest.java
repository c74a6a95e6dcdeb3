package io.padic.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/**
 * The shard keys are written three times, and the three agree: {@link ShardKeys} (what the audit checks commands
 * against), the table in docs/design.md#shard-keys, and {@code deploy/mongodb/shard-collections.js} (what an operator
 * runs). The index script is compared with the app's own requests in {@code ShardKeyAuditTest}.
 */
class MongoDeployScriptsTest {

    @Test
    void theShardingScriptShardsExactlyTheShardedCollectionsOnTheirKey() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        ShardKeys.sharded().forEach(c -> expected.put(c, BsonDocument.parse(ShardKeys.keyOf(c)).toJson()));
        assertEquals(expected, MongoDeployScripts.shardKeys(),
                "deploy/mongodb/shard-collections.js against io.padic.api.store.ShardKeys");
    }

    @Test
    void theDesignTableIsShardKeysTable() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        ShardKeys.PER_OBJECT.forEach(c -> expected.put(c, "per object " + ShardKeys.keyOf(c)));
        ShardKeys.PER_PROJECT.forEach(c -> expected.put(c, "per project " + ShardKeys.keyOf(c)));
        ShardKeys.UNSHARDED.forEach(collection -> expected.put(collection, "control plane unsharded"));
        assertEquals(expected, MongoDeployScripts.designTable(),
                "the table under '### Shard keys' in docs/design.md against io.padic.api.store.ShardKeys");
    }
}
