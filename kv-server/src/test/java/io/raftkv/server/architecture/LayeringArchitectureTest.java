package io.raftkv.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layers above the core: the driver ({@code node}) is the only one that touches the Raft core,
 * storage and transport together; the REST API ({@code http}) reaches the cluster only through the
 * node's facade; nothing but the wiring in the root package depends on the configuration.
 */
class LayeringArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.raftkv.server");

    @Test
    void theHttpLayerSeesOnlyTheNodesFacadeAndResultTypes() {
        noClasses().that().resideInAPackage("io.raftkv.server.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.raftkv.server.raft..",
                        "io.raftkv.server.storage..", "io.raftkv.server.transport..")
                .check(CLASSES);
    }

    @Test
    void theNodeKnowsNothingOfHttpOrConfiguration() {
        noClasses().that().resideInAPackage("io.raftkv.server.node..")
                .should().dependOnClassesThat().resideInAnyPackage("io.raftkv.server.http..", "io.raftkv.server.config..",
                        "io.helidon.webserver.http..")
                .check(CLASSES);
    }

    @Test
    void onlyTheWiringDependsOnTheConfiguration() {
        noClasses().that().resideInAnyPackage("io.raftkv.server.raft..", "io.raftkv.server.storage..",
                        "io.raftkv.server.kv..", "io.raftkv.server.transport..", "io.raftkv.server.node..",
                        "io.raftkv.server.http..")
                .should().dependOnClassesThat().resideInAPackage("io.raftkv.server.config..")
                .check(CLASSES);
    }
}
