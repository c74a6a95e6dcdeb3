package io.padic.api.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Whether a command on a collection sharded on {@code _id} names the documents it reads or writes by exact shard-key
 * values, so that mongos sends it only to the shards owning those values (docs/design.md#shard-keys): its filter (each
 * statement's {@code q} of an update or delete, the first {@code $match} of an aggregation) holds {@code _id} equal to
 * one value, or {@code $in} of values, at its top level or in a top-level {@code $and}; an inserted document has an
 * {@code _id}. Anything else (a range, a regex, {@code $or}, another field alone, no filter) goes to every shard.
 */
final class ShardKeyCheck {

    /** The commands that read or write documents; the rest (getMore, createIndexes, hello, ...) name none. */
    static final Set<String> DATA_COMMANDS = Set.of("find", "count", "distinct", "aggregate", "findAndModify",
            "update", "delete", "insert");

    private ShardKeyCheck() {
    }

    /** What keeps {@code command} from being routed by its shard key, one line per statement; empty if nothing. */
    static List<String> problems(String commandName, BsonDocument command) {
        List<String> problems = new ArrayList<>();
        switch (commandName) {
            case "find" -> filter(command, "filter", problems);
            case "count", "distinct", "findAndModify" -> filter(command, "query", problems);
            case "update" -> statements(command, "updates", problems);
            case "delete" -> statements(command, "deletes", problems);
            case "aggregate" -> {
                BsonArray pipeline = command.getArray("pipeline", new BsonArray());
                BsonValue first = pipeline.isEmpty() ? null : pipeline.get(0);
                if (first == null || !first.isDocument() || !first.asDocument().containsKey("$match")
                        || !pinned(first.asDocument().get("$match"))) {
                    problems.add("aggregation without a first $match on exact _id values: " + brief(pipeline));
                }
            }
            case "insert" -> {
                BsonArray documents = command.getArray("documents", new BsonArray());
                if (documents.isEmpty()) {
                    problems.add("no documents to check");
                }
                for (BsonValue doc : documents) {
                    if (!doc.isDocument() || !exact(doc.asDocument().get(ShardKeys.KEY))) {
                        problems.add("a document inserted without an exact _id");
                    }
                }
            }
            default -> {
            }
        }
        return problems;
    }

    private static void filter(BsonDocument command, String field, List<String> problems) {
        BsonValue filter = command.get(field);
        if (!pinned(filter)) {
            problems.add("filter " + brief(filter));
        }
    }

    private static void statements(BsonDocument command, String field, List<String> problems) {
        BsonArray statements = command.getArray(field, new BsonArray());
        if (statements.isEmpty()) {
            problems.add("no " + field + " to check"); // the driver puts them in the event; never pass unseen
        }
        for (BsonValue statement : statements) {
            BsonValue q = statement.isDocument() ? statement.asDocument().get("q") : null;
            if (!pinned(q)) {
                problems.add("statement filter " + brief(q));
            }
        }
    }

    /** The filter names exact {@code _id} values: equality, {@code $eq}, or {@code $in} of values; or an {@code $and} with such a part. */
    static boolean pinned(BsonValue filter) {
        if (filter == null || !filter.isDocument()) {
            return false;
        }
        BsonDocument doc = filter.asDocument();
        BsonValue key = doc.get(ShardKeys.KEY);
        if (key != null) {
            if (exact(key)) {
                return true;
            }
            if (key.isDocument()) {
                BsonDocument ops = key.asDocument();
                if (exact(ops.get("$eq"))) {
                    return true;
                }
                BsonValue in = ops.get("$in");
                if (in != null && in.isArray() && in.asArray().stream().allMatch(ShardKeyCheck::exact)) {
                    return true;
                }
            }
        }
        BsonValue and = doc.get("$and");
        return and != null && and.isArray() && and.asArray().stream().anyMatch(ShardKeyCheck::pinned);
    }

    /** A value that names one shard-key value: not a document of operators, an array or a regex. */
    private static boolean exact(BsonValue value) {
        return value != null && !value.isDocument() && !value.isArray() && !value.isRegularExpression();
    }

    private static String brief(BsonValue value) {
        String json = value == null ? "(none)" : value instanceof BsonDocument d ? d.toJson() : value.toString();
        return json.length() > 300 ? json.substring(0, 300) + "…" : json;
    }
}
