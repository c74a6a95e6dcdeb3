package io.padic.api.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class during which the app sent a command that a sharded cluster could not route by its shard key
 * ({@link ShardKeyAudit}): the class that made the app send it is the one to look at. Registered for every test class
 * (META-INF/services, with extension autodetection on in junit-platform.properties).
 */
public class ShardKeyAuditExtension implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            ShardKeyAuditExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        context.getStore(NAMESPACE).put("offset", size());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Long offset = context.getStore(NAMESPACE).get("offset", Long.class);
        long from = offset == null ? 0 : offset;
        if (size() <= from) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(ShardKeyAudit.VIOLATIONS.toFile(), "r")) {
            file.seek(from);
            byte[] added = new byte[(int) (file.length() - from)];
            file.readFully(added);
            throw new AssertionError("commands a sharded cluster could not route by their shard key "
                    + "(docs/design.md#shard-keys; all in " + ShardKeyAudit.VIOLATIONS + "):"
                    + System.lineSeparator() + new String(added, StandardCharsets.UTF_8));
        }
    }

    private static long size() throws IOException {
        return Files.exists(ShardKeyAudit.VIOLATIONS) ? Files.size(ShardKeyAudit.VIOLATIONS) : 0;
    }
}
