package io.raftkv.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** The public API mentions no implementation or Resilience4j type, and the API does not lean on them. */
class ApiFenceTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.raftkv.client");

    @Test
    void publicSignaturesMentionNoInternalOrResilience4jType() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("io.raftkv.client")
                .should(new ArchCondition<JavaMethod>("mention no internal or Resilience4j type") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        for (JavaClass type : signatureTypes(method)) {
                            String name = type.getName();
                            if (name.startsWith("io.raftkv.client.internal") || name.startsWith("io.github.resilience4j")) {
                                events.add(SimpleConditionEvent.violated(method, method.getFullName() + " mentions " + name));
                            }
                        }
                    }
                }).allowEmptyShould(true).check(CLASSES);
    }

    @Test
    void onlyTheEntryTypeUsesTheImplementation() {
        noClasses().that().resideInAPackage("io.raftkv.client")
                .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(KvClient.class)))
                .should().dependOnClassesThat().resideInAnyPackage("io.raftkv.client.internal..", "io.github.resilience4j..")
                .check(CLASSES);
    }

    private static java.util.List<JavaClass> signatureTypes(JavaMethod method) {
        java.util.List<JavaClass> types = new java.util.ArrayList<>(method.getRawParameterTypes());
        types.add(method.getRawReturnType());
        return types;
    }
}
