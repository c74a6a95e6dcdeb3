package io.padic.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The audit's rule (docs/design.md#shard-keys) tells targeted commands from broadcasts, and its table is whole. */
class ShardKeyCheckTest {

    @Test
    void exactIdsAreRoutedAndEverythingElseGoesToEveryShard() {
        for (String routed : List.of(
                "{find: 'pins', filter: {_id: 'p/o/000000000001'}}",
                "{find: 'pins', filter: {_id: {$in: ['p/o/000000000001', 'p/o/000000000002']}}}",
                "{find: 'pins', filter: {_id: {$eq: 'p/o/000000000001'}}}",
                "{findAndModify: 'directory', query: {_id: 'p/t'}, update: {$inc: {n: 1}}}",
                "{findAndModify: 'analytics_checks', query: {$and: [{_id: 'p@1'}, {$or: [{owner: null}]}]}}",
                "{update: 'analytics_objects', updates: [{q: {_id: 'p@1/o', seq: 4}, u: {a: 1}}]}",
                "{delete: 'pending_pins', deletes: [{q: {_id: {$in: ['p/e1', 'p/e2']}}, limit: 0}]}",
                "{insert: 'pins', documents: [{_id: 'p/o/000000000001', seq: 1}]}",
                "{aggregate: 'events', pipeline: [{$match: {_id: 'p/e'}}, {$project: {a: 1}}]}")) {
            BsonDocument command = BsonDocument.parse(routed);
            assertEquals(List.of(), ShardKeyCheck.problems(command.getFirstKey(), command), routed);
        }
        for (String broadcast : List.of(
                "{find: 'objects', filter: {projectId: 'p'}}",
                "{find: 'objects', filter: {}}",
                "{find: 'objects'}",
                "{find: 'pins', filter: {_id: {$gte: 'p/o/', $lt: 'p/o0'}}}",
                "{find: 'pins', filter: {_id: {$regex: '^p/o/'}}}",
                "{find: 'pins', filter: {$or: [{_id: 'a'}, {seq: 1}]}}",
                "{find: 'pins', filter: {_id: {$in: [{$gt: 'a'}]}}}",
                "{count: 'events', query: {type: 'x'}}",
                "{update: 'objects', updates: [{q: {_id: 'p/o'}, u: {}}, {q: {projectId: 'p'}, u: {}}]}",
                "{delete: 'idempotency', deletes: [{q: {createdAt: {$lt: 1}}, limit: 0}]}",
                "{insert: 'pins', documents: [{seq: 1}]}",
                "{aggregate: 'events', pipeline: [{$group: {_id: '$type'}}]}")) {
            BsonDocument command = BsonDocument.parse(broadcast);
            assertEquals(1, ShardKeyCheck.problems(command.getFirstKey(), command).size(), broadcast);
        }
    }

    @Test
    void everyCollectionIsPlacedOnceAndEveryListedScanNamesAMethodThatExists() throws ClassNotFoundException {
        Set<String> sharded = ShardKeys.sharded();
        assertEquals(ShardKeys.PER_OBJECT.size() + ShardKeys.PER_PROJECT.size(), sharded.size(),
                "a collection is both per-object and per-project");
        Set<String> both = new HashSet<>(sharded);
        both.retainAll(ShardKeys.UNSHARDED);
        assertEquals(Set.of(), both, "collections both sharded and unsharded");
        assertTrue(ShardKeys.PER_PROJECT.containsAll(ShardKeys.HASHED), "only per-project collections are hashed");
        for (var scan : ShardKeys.BACKGROUND_SCANS.entrySet()) {
            String[] parts = scan.getKey().split("#");
            Class<?> type = Class.forName(parts[0]);
            assertTrue(Arrays.stream(type.getDeclaredMethods()).map(Method::getName).anyMatch(parts[1]::equals),
                    scan.getKey() + " is listed as a background scan but has no such method");
            assertTrue(scan.getValue().equals("*") || sharded.contains(scan.getValue()),
                    scan.getKey() + " scans " + scan.getValue() + ", which is not sharded");
        }
    }
}
