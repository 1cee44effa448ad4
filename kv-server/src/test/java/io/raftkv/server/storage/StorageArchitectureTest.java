package io.raftkv.server.storage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The storage interfaces stay backend-neutral, so the next backend implements them unchanged. */
class StorageArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.raftkv.server");

    @Test
    void theInterfacesDependOnlyOnTheJdkAndTheRaftRecords() {
        classes().that().resideInAPackage("io.raftkv.server.storage")
                .should().onlyDependOnClassesThat(resideInAnyPackage("io.raftkv.server.storage", "io.raftkv.server.raft.message", "java..")
                        .or(name("io.raftkv.server.raft.PersistentState")))
                .check(CLASSES);
    }

    @Test
    void onlyTheJeBackendUsesJe() {
        noClasses().that().resideOutsideOfPackage("io.raftkv.server.storage.je")
                .should().dependOnClassesThat().resideInAPackage("com.sleepycat..")
                .check(CLASSES);
    }

    @Test
    void onlyThePostgresBackendUsesSqlLibraries() {
        noClasses().that().resideOutsideOfPackage("io.raftkv.server.storage.postgres")
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "com.zaxxer..", "org.flywaydb..", "org.postgresql..")
                .check(CLASSES);
    }
}
