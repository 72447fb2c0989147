package io.meshconformance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The harness's packages form layers: each may use only the ones below it, never one above, so every package can
 * be read, tested and changed with only what lies under it in mind. The order, bottom to top, is {@link #LAYERS};
 * the README's layout section draws the same line.
 */
class LayeringTest {

    /** Bottom to top. A new package must take a place here (the second rule fails until it does). */
    static final List<String> LAYERS = List.of("text", "lifecycle", "topology", "config", "cluster", "istio",
            "bookinfo", "diagnostics", "doctor", "junit", "cli");

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshconformance");

    static String pkg(String layer) {
        return "io.meshconformance." + layer + "..";
    }

    /** Each layer may be used only by the layers above it. */
    static LayeredArchitecture layers() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            architecture = architecture.layer(layer).definedBy(pkg(layer));
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            List<String> above = LAYERS.subList(i + 1, LAYERS.size());
            architecture = above.isEmpty()
                    ? architecture.whereLayer(LAYERS.get(i)).mayNotBeAccessedByAnyLayer()
                    : architecture.whereLayer(LAYERS.get(i)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
        }
        return architecture;
    }

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() {
        layers().check(MAIN);
    }

    /**
     * The same rule read from the sources' imports: a compiled class keeps no trace of the constants it uses (javac
     * copies them in), so an upward import of a constant alone is caught here, not by the rule above.
     */
    @Test
    void everyImportPointsDownOrSideways() throws IOException {
        Pattern ours = Pattern.compile("^import (?:static )?io\\.meshconformance\\.([a-z]+)\\.", Pattern.MULTILINE);
        List<String> upward = new ArrayList<>();
        for (String layer : LAYERS) {
            Path dir = Path.of("src/main/java/io/meshconformance", layer);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    Matcher m = ours.matcher(Files.readString(file));
                    while (m.find()) {
                        if (LAYERS.indexOf(m.group(1)) > LAYERS.indexOf(layer)) {
                            upward.add(file + " imports from " + m.group(1));
                        }
                    }
                }
            }
        }
        if (!upward.isEmpty()) {
            throw new AssertionError("imports from a layer above (" + String.join(" < ", LAYERS) + "):\n  "
                    + String.join("\n  ", upward));
        }
    }

    @Test
    void everyClassLivesInALayer() {
        List<String> packages = new ArrayList<>();
        LAYERS.forEach(layer -> packages.add(pkg(layer)));
        classes().should().resideInAnyPackage(packages.toArray(String[]::new))
                .because("every package takes a place in the layer order " + String.join(" < ", LAYERS))
                .check(MAIN);
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        slices().matching("io.meshconformance.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theOrderIsTheOneTheReadmeDraws() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String line = String.join(" < ", LAYERS);
        if (!readme.contains(line)) {
            throw new AssertionError("README.md's layout section should draw the layers as '" + line + "'");
        }
        for (String layer : LAYERS) {
            if (!readme.contains("  " + layer + "/")) {
                throw new AssertionError("README.md's layout section does not describe the package " + layer + "/");
            }
        }
    }
}
