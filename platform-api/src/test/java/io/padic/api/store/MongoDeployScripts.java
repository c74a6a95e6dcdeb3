package io.padic.api.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;

/** Reads {@code deploy/mongodb/*.js} and the shard-key table of docs/design.md, for the tests that compare them. */
public final class MongoDeployScripts {

    private static final Pattern SHARD = Pattern.compile(
            "^sh\\.shardCollection\\(padicDb \\+ \"\\.(\\w+)\", (\\{[^}]*\\})\\);", Pattern.MULTILINE);
    private static final Pattern INDEX = Pattern.compile(
            "^padic\\.getCollection\\(\"(\\w+)\"\\)\\.createIndex\\((\\{[^}]*\\}), (\\{[^}]*\\})\\);", Pattern.MULTILINE);

    private MongoDeployScripts() {
    }

    /** Every {@code sh.shardCollection} line: collection → shard key as JSON; a collection twice is an error. */
    public static Map<String, String> shardKeys() throws IOException {
        Map<String, String> keys = new TreeMap<>();
        Matcher m = SHARD.matcher(read("deploy/mongodb/shard-collections.js"));
        while (m.find()) {
            if (keys.put(m.group(1), BsonDocument.parse(m.group(2)).toJson()) != null) {
                throw new AssertionError(m.group(1) + " is sharded twice in shard-collections.js");
            }
        }
        return keys;
    }

    /** Every {@code createIndex} line, spelled as {@link ShardKeyAudit#indexLine}. */
    public static List<String> indexes() throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = INDEX.matcher(read("deploy/mongodb/indexes.js"));
        while (m.find()) {
            BsonDocument options = BsonDocument.parse(m.group(3));
            out.add(ShardKeyAudit.indexLine(m.group(1), options.getString("name").getValue(),
                    BsonDocument.parse(m.group(2)),
                    options.getBoolean("unique", BsonBoolean.FALSE).getValue()));
        }
        return out;
    }

    /**
     * The rows of the table under "### Shard keys" in docs/design.md: collection → "per object", "per project" or
     * "unsharded" with its key, as the second and third cells say ({@code per object {_id: 1}}).
     */
    public static Map<String, String> designTable() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        boolean inSection = false;
        for (String line : read("docs/design.md").split("\n")) {
            if (line.startsWith("#")) {
                inSection = line.equals("### Shard keys");
            } else if (inSection && line.startsWith("| `")) {
                String[] cells = line.substring(1, line.length() - 1).split("\\|");
                String kind = cells[1].trim();
                String key = cells[2].trim().replace("`", "");
                for (String name : cells[0].split(",")) {
                    rows.put(name.trim().replace("`", ""), kind + " " + key);
                }
            }
        }
        return rows;
    }

    private static String read(String relative) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(relative))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("no " + relative + " above " + Path.of("").toAbsolutePath());
        }
        return Files.readString(dir.resolve(relative), StandardCharsets.UTF_8);
    }
}
