package io.raftkv.server.transport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The transport speaks the core's message records and nothing else of it: it must not reach into
 * the Raft core, so the node's driver thread stays the only caller of {@code Raft}. (That the core
 * never depends on the transport or on protobuf is RaftCoreArchitectureTest's rule.)
 */
class TransportArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.raftkv.server");

    @Test
    void transportUsesOnlyTheCoresMessages() {
        noClasses().that().resideInAPackage("io.raftkv.server.transport..")
                .should().dependOnClassesThat().resideInAnyPackage("io.raftkv.server.raft",
                        "io.raftkv.server.raft.quorum..", "io.raftkv.server.raft.tracker..")
                .check(CLASSES);
    }
}
