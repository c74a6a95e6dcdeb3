package io.padic.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's package rules: platform-api is reached only through the REST clients in {@code client}, the
 * shared packages ({@code client}, {@code session}, {@code web}) know no page, and no two packages import each
 * other, directly or round a loop.
 */
class ArchitectureTest {

    private static final String ROOT = "io.padic.dashboard";
    private static final String[] PAGES = {"..dashboard.auth..", "..dashboard.projects..", "..dashboard.eventtypes..",
        "..dashboard.apikeys..", "..dashboard.objects..", "..dashboard.events..", "..dashboard.violations..",
        "..dashboard.analytics..", "..dashboard.workspaces..", "..dashboard.account..", "..dashboard.typedclients.."};

    private static final JavaClasses DASHBOARD = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    @Test
    void restClientsLiveInTheClientPackage() {
        classes().that().areAnnotatedWith(RegisterRestClient.class).should().resideInAPackage(ROOT + ".client")
                .check(DASHBOARD);
    }

    @Test
    void onlyTheClientPackageTalksHttpToPlatformApi() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".client")
                .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "jakarta.ws.rs.client..",
                        "io.vertx.ext.web.client..", "org.eclipse.microprofile.rest.client.annotation..",
                        "org.eclipse.microprofile.rest.client.ext..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(
                        "org.eclipse.microprofile.rest.client.RestClientBuilder")
                .check(DASHBOARD);
    }

    @Test
    void sharedPackagesKnowNoPage() {
        noClasses().that().resideInAnyPackage(ROOT + ".client..", ROOT + ".session..", ROOT + ".web..")
                .should().dependOnClassesThat().resideInAnyPackage(PAGES)
                .check(DASHBOARD);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(DASHBOARD);
    }
}
