package io.padic.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Audit entries are append-only in the code, not only in the API (docs/design.md#audit-log): only the audit
 * package's repository reaches the store for them, only the audit log uses that repository, and the entries'
 * collection is only ever inserted into and read. A plain JUnit test: no application is started.
 */
class AuditAppendOnlyTest {

    private static final String AUDIT = "io.padic.api.audit";
    private static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.padic.api");
    private static final Path REPOSITORY = Path.of("src/main/java/io/padic/api/audit/AuditRepository.java");

    @Test
    void onlyTheAuditLogUsesTheAuditRepository() {
        noClasses().that().doNotHaveFullyQualifiedName(AUDIT + ".AuditLog")
                .and().doNotHaveFullyQualifiedName(AUDIT + ".AuditRepository")
                .should().dependOnClassesThat().haveFullyQualifiedName(AUDIT + ".AuditRepository")
                .check(API);
    }

    /** The repository changes nothing but the per-workspace heads: no delete, replace or update of entries. */
    @Test
    void theRepositoryNeverDeletesOrReplaces() {
        noClasses().that().haveFullyQualifiedName(AUDIT + ".AuditRepository")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a delete, replace, drop, bulk write or many-document update of a MongoCollection",
                        call -> call.getTarget().getOwner().isAssignableTo(MongoCollection.class)
                                && call.getName().matches("delete.*|replace.*|drop.*|bulkWrite|updateMany|updateOne"
                                        + "|findOneAndDelete|findOneAndReplace|insertMany|renameCollection")))
                .check(API);
    }

    /**
     * The entries' collection is named in one place (besides the shard-key table), and there it is only inserted into
     * and read: every use of
     * {@code entries()} is an {@code insertOne} or a {@code find}.
     */
    @Test
    void theEntriesCollectionIsOnlyInsertedIntoAndRead() throws IOException {
        List<String> naming = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                // ShardKeys names every collection to place it on a sharded cluster, and reads none.
                if (Files.readString(file, StandardCharsets.UTF_8).contains("\"audit\"")
                        && !file.endsWith(Path.of("store", "ShardKeys.java"))) {
                    naming.add(file.toString());
                }
            }
        }
        assertEquals(List.of(REPOSITORY.toString()), naming, "the collection 'audit' is named only by its repository");
        List<String> uses = Files.readAllLines(REPOSITORY, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("entries()") && !line.contains("MongoCollection<Document> entries()"))
                .toList();
        assertTrue(uses.size() >= 2, "the scan found " + uses);
        for (String use : uses) {
            assertTrue(use.contains("entries().insertOne(") || use.contains("entries().find("),
                    "the entries are only inserted and read: " + use.trim());
        }
    }
}
