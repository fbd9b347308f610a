package org.vigil.tools;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.archfixture.IngestThatStoresItself;
import org.vigil.runtime.archfixture.RuntimeThatStartsABroker;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout's rules, checked on the compiled main code of every module (this module's test classpath holds them
 * all): data flows one way, a stage never imports another stage, and nothing a hospital deploys depends on the
 * embedded platform, the corpus or the tools. The Maven enforcer checks the same at the level of dependencies.
 */
class ArchitectureTest {

    private static final List<String> STAGES = List.of("ingest", "deidentify", "inference", "sink");
    /** The broker's own classes (the Scala server, raft, storage, metadata) and embedded PostgreSQL's. */
    private static final String[] DEVELOPMENT_PLATFORM = {"org.vigil.embedded..", "org.vigil.corpus..",
            "org.vigil.tools..", "kafka..", "org.apache.kafka.raft..", "org.apache.kafka.storage..",
            "org.apache.kafka.metadata..", "io.zonky.."};

    private static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.vigil");
    }

    static List<ArchRule> rules() {
        List<ArchRule> rules = new ArrayList<>();
        for (String stage : STAGES) {
            String[] others = STAGES.stream().filter(s -> !s.equals(stage)).map(s -> "org.vigil." + s + "..")
                    .toArray(String[]::new);
            rules.add(classesIn(stage).should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("a stage never imports another stage; stages meet only on topics"));
            rules.add(classesIn(stage).should().dependOnClassesThat().resideInAnyPackage(
                            Stream.concat(Stream.of(DEVELOPMENT_PLATFORM), Stream.of("org.vigil.launcher.."))
                                    .toArray(String[]::new))
                    .because("a stage's production code carries no broker, embedded database, corpus or tools"));
        }
        String[] everythingAbove = Stream.concat(STAGES.stream().map(s -> "org.vigil." + s + ".."),
                Stream.of("org.vigil.launcher..", "org.vigil.tools..")).toArray(String[]::new);
        for (String shared : List.of("schemas", "runtime", "embedded", "corpus")) {
            rules.add(classesIn(shared).should().dependOnClassesThat().resideInAnyPackage(everythingAbove)
                    .because("data flows one way: shared code depends on no stage, launcher or tool"));
        }
        rules.add(classesIn("runtime").should().dependOnClassesThat().resideInAnyPackage(DEVELOPMENT_PLATFORM)
                .because("runtime is what every stage needs against a real cluster"));
        rules.add(classesIn("schemas").should().dependOnClassesThat().resideInAnyPackage(DEVELOPMENT_PLATFORM)
                .because("the wire format is part of every stage"));
        rules.add(classesIn("launcher").should().dependOnClassesThat().resideInAnyPackage(DEVELOPMENT_PLATFORM)
                .because("the launcher is what the production image runs"));
        return rules;
    }

    private static GivenClassesConjunction classesIn(String module) {
        return noClasses().that().resideInAPackage("org.vigil." + module + "..");
    }

    @Test
    void mainCodeKeepsTheLayout() {
        assertThat(main.size()).as("classes imported").isGreaterThan(200);
        List<String> violations = new ArrayList<>();
        for (ArchRule rule : rules()) {
            EvaluationResult result = rule.evaluate(main);
            violations.addAll(result.getFailureReport().getDetails());
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void rulesCatchAStageImportingAnotherAndRuntimeStartingABroker() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(IngestThatStoresItself.class,
                RuntimeThatStartsABroker.class);
        List<String> violations = new ArrayList<>();
        for (ArchRule rule : rules()) {
            violations.addAll(rule.allowEmptyShould(true).evaluate(fixtures).getFailureReport().getDetails());
        }
        assertThat(violations).anyMatch(v -> v.contains("IngestThatStoresItself") && v.contains("org.vigil.sink."));
        assertThat(violations).anyMatch(v -> v.contains("IngestThatStoresItself") && v.contains("org.vigil.corpus."));
        assertThat(violations).anyMatch(v -> v.contains("RuntimeThatStartsABroker") && v.contains("org.vigil.embedded."));
    }
}
