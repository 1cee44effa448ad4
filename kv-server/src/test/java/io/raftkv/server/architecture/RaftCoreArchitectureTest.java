package io.raftkv.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The Raft core is a pure state machine: the JDK's language and collection classes and its own
 * subpackages, nothing else; no clock, threads, I/O or unseeded randomness, so the simulator can
 * replay any history from a seed.
 */
class RaftCoreArchitectureTest {
    private static final String CORE = "io.raftkv.server.raft..";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.raftkv.server");
    }

    @Test
    void coreDependsOnlyOnTheJdkAndItself() {
        classes().that().resideInAPackage(CORE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(CORE, "java.lang..", "java.util..", "java.nio", "java.nio.charset")
                .check(classes);
    }

    @Test
    void coreHasNoClockThreadsIoOrOwnRandomness() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.net..", "java.nio.file..",
                        "java.nio.channels..", "java.time..", "java.util.concurrent..", "java.lang.reflect..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.Random.class)
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Math.class, "random")
                .check(classes);
    }

    @Test
    void coreSubpackagesFormADag() {
        noClasses().that().resideInAPackage("io.raftkv.server.raft.message..")
                .should().dependOnClassesThat().resideInAnyPackage("io.raftkv.server.raft", "io.raftkv.server.raft.quorum..",
                        "io.raftkv.server.raft.tracker..")
                .check(classes);
        noClasses().that().resideInAPackage("io.raftkv.server.raft.quorum..")
                .should().dependOnClassesThat().resideInAnyPackage("io.raftkv.server.raft", "io.raftkv.server.raft.tracker..",
                        "io.raftkv.server.raft.message..")
                .check(classes);
        noClasses().that().resideInAPackage("io.raftkv.server.raft.tracker..")
                .should().dependOnClassesThat().resideInAPackage("io.raftkv.server.raft")
                .check(classes);
    }
}
