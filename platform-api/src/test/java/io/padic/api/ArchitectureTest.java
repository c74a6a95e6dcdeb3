package io.padic.api;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

/**
 * platform-api's package rules (docs/design.md#storage-layout): the storage package {@code journal} knows no
 * feature package, resources reach storage only through services, and no two feature packages import each
 * other, directly or round a loop.
 */
class ArchitectureTest {

    private static final String ROOT = "io.padic.api";
    private static final String JOURNAL = ROOT + ".journal..";

    private static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(API);
    }

    @Test
    void journalDependsOnNoFeaturePackage() {
        noClasses().that().resideInAPackage(JOURNAL)
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(not(resideInAnyPackage(JOURNAL, ROOT + ".common..", ROOT + ".store.."))))
                .check(API);
    }

    /**
     * Storage is reached through services; the journal's documents (records such as {@code StoredObject}) may
     * come back from a service into a resource's answer, its repositories, writers and lookups may not be used.
     */
    @Test
    void resourcesUseNoRepositoryDirectly() {
        noClasses().that().areAnnotatedWith(Path.class)
                .should().dependOnClassesThat(simpleNameEndingWith("Repository")
                        .or(resideInAPackage(JOURNAL).and(not(assignableTo(Record.class)))))
                .check(API);
    }

    /**
     * A member written as raw JSON is a String in Java but an object on the wire; without a schema saying so, the
     * OpenAPI document calls it a string and generated clients fail to read the answer (GeneratedJavaClientTest).
     */
    @Test
    void rawJsonMembersSayWhatTheyAreInTheContract() {
        fields().that().areAnnotatedWith(JsonRawValue.class).should().beAnnotatedWith(Schema.class).check(API);
    }
}
