package cnn.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies between cnn's packages (README, "How the code is laid out"), checked on the compiled
 * main classes: a wrong-way import fails the build with a message naming both classes.
 *
 * <pre>
 * cli -> report -> {train, eval, bench, zoo} -> run -> nn -> data -> spec -> io
 * </pre>
 *
 * Each package may use only those to its right (report presents what the services measured, so it sits above them);
 * the services do not use one another. ND4J lives in nn, data and train; tablesaw and XChart in report; picocli in cli.
 */
class ArchitectureTest {
    private static final List<String> SERVICES = List.of("train", "eval", "bench", "zoo");

    /** The tiers, each allowed to use exactly the ones listed. */
    static final ArchRule TIERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("cli").definedBy("cnn.cli..")
            .layer("report").definedBy("cnn.report..")
            .layer("train").definedBy("cnn.train..")
            .layer("eval").definedBy("cnn.eval..")
            .layer("bench").definedBy("cnn.bench..")
            .layer("zoo").definedBy("cnn.zoo..")
            .layer("run").definedBy("cnn.run..")
            .layer("nn").definedBy("cnn.nn..")
            .layer("data").definedBy("cnn.data..")
            .layer("spec").definedBy("cnn.spec..")
            .layer("io").definedBy("cnn.io..")
            .whereLayer("report").mayOnlyAccessLayers("train", "eval", "bench", "zoo", "run", "nn", "data", "spec", "io")
            .whereLayer("train").mayOnlyAccessLayers("run", "nn", "data", "spec", "io")
            .whereLayer("eval").mayOnlyAccessLayers("run", "nn", "data", "spec", "io")
            .whereLayer("bench").mayOnlyAccessLayers("run", "nn", "data", "spec", "io")
            .whereLayer("zoo").mayOnlyAccessLayers("run", "nn", "data", "spec", "io")
            .whereLayer("run").mayOnlyAccessLayers("nn", "data", "spec", "io")
            .whereLayer("nn").mayOnlyAccessLayers("data", "spec", "io")
            .whereLayer("data").mayOnlyAccessLayers("spec", "io")
            .whereLayer("spec").mayOnlyAccessLayers("io")
            .whereLayer("io").mayNotAccessAnyLayer();

    static final ArchRule ND4J = noClasses().that().resideOutsideOfPackages("cnn.nn..", "cnn.data..", "cnn.train..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..")
            .as("ND4J and JavaCPP are used only in cnn.nn, cnn.data and cnn.train");

    static final ArchRule TABLES_AND_CHARTS = noClasses().that().resideOutsideOfPackage("cnn.report..")
            .should().dependOnClassesThat().resideInAnyPackage("tech.tablesaw..", "org.knowm.xchart..")
            .as("tablesaw and XChart are used only in cnn.report");

    static final ArchRule PICOCLI = noClasses().that().resideOutsideOfPackage("cnn.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("picocli..")
            .as("picocli is used only in cnn.cli");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("cnn");
        assertTrue(main.size() > 100, "imported " + main.size() + " main classes");
        for (String s : SERVICES) {
            assertTrue(main.containPackage("cnn." + s), "no package cnn." + s);
        }
    }

    @Test
    void packagesDependOnlyOnTheTiersBelowThem() {
        TIERS.check(main);
    }

    @Test
    void nd4jStaysInTheNumericPackages() {
        ND4J.check(main);
    }

    @Test
    void tablesAndChartsStayInReport() {
        TABLES_AND_CHARTS.check(main);
    }

    @Test
    void picocliStaysInCli() {
        PICOCLI.check(main);
    }

    /**
     * The rules can fail: {@link WrongWay}, a class of the leaf package cnn.io (test code, so the checks above do not
     * see it) that uses cnn.report, a service and ND4J, breaks each of them, and the report names both classes.
     */
    @Test
    void aWrongWayImportFailsWithBothClassesNamed() {
        JavaClasses wrong = new ClassFileImporter().importClasses(cnn.io.WrongWay.class, cnn.report.Tables.class,
                cnn.train.Trainer.class);
        EvaluationResult tiers = TIERS.evaluate(wrong);
        assertTrue(tiers.hasViolation(), "cnn.io -> cnn.report passed the tier rule");
        String report = tiers.getFailureReport().toString();
        assertTrue(report.contains("cnn.io.WrongWay") && report.contains("cnn.report.Tables"), report);
        assertTrue(report.contains("cnn.train.Trainer"), report);
        assertTrue(ND4J.evaluate(wrong).hasViolation(), "cnn.io -> org.nd4j passed the ND4J rule");
        assertTrue(TABLES_AND_CHARTS.evaluate(wrong).hasViolation(), "cnn.io -> tablesaw passed the tablesaw rule");
    }
}
