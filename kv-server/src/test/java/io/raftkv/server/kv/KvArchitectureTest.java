package io.raftkv.server.kv;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The state machine depends on storage, the Raft message records and kv-proto only (as
 * docs/architecture.md plans), and never reads a local clock: time comes from the leader's
 * proposed_at_millis, or replicas would expire idempotency records at different points in the log.
 */
class KvArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.raftkv.server");

    @Test
    void dependsOnlyOnStorageRaftMessagesAndKvProto() {
        classes().that().resideInAPackage("io.raftkv.server.kv..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.raftkv.server.kv..", "io.raftkv.server.storage",
                        "io.raftkv.server.raft.message", "io.raftkv.proto.kv", "com.google.protobuf..", "java..")
                .check(CLASSES);
    }

    @Test
    void readsNoLocalClock() {
        noClasses().that().resideInAPackage("io.raftkv.server.kv..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Instant.class, "now")
                .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
                .check(CLASSES);
    }
}
