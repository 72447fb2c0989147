package io.meshconformance.rehearsal;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.meshconformance.junit.MeshEnvironment;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the conformance suite class itself (MulticlusterBookinfoIT, unchanged) in a rehearsal world, through the
 * JUnit launcher as Maven's would, with Allure's listener writing the run's results into the world's directory; and
 * reads back what a user would see: each test's outcome, {@code stages.json}, the Allure results and the categories
 * of reports/categories.json each failed result lands in.
 */
final class RehearsalRun {

    static final String SUITE = "io.meshconformance.conformance.MulticlusterBookinfoIT";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One test of the suite as JUnit reported it. */
    record TestOutcome(String name, String status, String message) {
    }

    /**
     * A test case of the run's Allure results, as the report shows it: its name, status and message, its steps and
     * attachments, the categories it lands in, its labels (epic, feature, story, suite, ...: each name with its
     * values) and the URLs of its links.
     */
    record AllureCase(String name, String status, String message, List<String> steps, List<String> attachments,
                      List<String> categories, Map<String, List<String>> labels, List<String> links) {

        List<String> label(String name) {
            return labels.getOrDefault(name, List.of());
        }
    }

    /** What the run left for a user to read. */
    record Outcome(List<TestOutcome> tests, JsonNode stages, List<AllureCase> allure) {

        /** The first stage of stages.json that failed, if any. */
        Optional<JsonNode> firstFailedStage() {
            for (JsonNode stage : stages.get("stages")) {
                if ("failed".equals(stage.get("outcome").asString())) {
                    return Optional.of(stage);
                }
            }
            return Optional.empty();
        }

        List<String> outcomes() {
            List<String> all = new ArrayList<>();
            stages.get("stages").forEach(s -> all.add(s.get("outcome").asString()));
            return all;
        }

        List<String> marks(String chain) {
            List<String> all = new ArrayList<>();
            stages.get("marks").forEach(m -> {
                if (m.get("chain").asString().equals(chain)) {
                    all.add(m.get("mark").asString());
                }
            });
            return all;
        }

        AllureCase failedCase() {
            return allure.stream().filter(c -> c.status().equals("failed") || c.status().equals("broken"))
                    .findFirst().orElseThrow(() -> new AssertionError("no failed test case in the Allure results: "
                            + allure));
        }
    }

    private RehearsalRun() {
    }

    /**
     * Runs the suite once more in {@code world} (a world that outlives one run), its results under the world's
     * dir/{@code name} ({@link Rehearsal#runIn}).
     */
    static Outcome of(Rehearsal world, String name) {
        return of(world.runIn(name));
    }

    static Outcome of(Rehearsal world) {
        Path allureDir = world.runDir().resolve("allure-results");
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(allureDir));
        List<TestOutcome> tests = Collections.synchronizedList(new ArrayList<>());
        TestExecutionListener outcomes = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                tests.add(new TestOutcome(test.getDisplayName(), "skipped", reason));
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    tests.add(new TestOutcome(test.getDisplayName(), result.getStatus().name().toLowerCase(),
                            result.getThrowable().map(Throwable::getMessage).orElse(null)));
                }
            }
        };
        AllureLifecycle previous = Allure.getLifecycle();
        Allure.setLifecycle(lifecycle); // the stages' steps and attachments go through Allure's static lifecycle
        try {
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false)
                    .addTestExecutionListeners(new AllureJunitPlatform(lifecycle), outcomes).build());
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(SUITE))
                    .configurationParameter(MeshEnvironment.PARAMETER, RehearsalEnvironment.class.getName())
                    .configurationParameter(Rehearsal.PARAMETER, world.id)
                    .build());
        } finally {
            Allure.setLifecycle(previous);
        }
        Path stages = world.runDir().resolve("results/stages.json");
        if (!Files.isRegularFile(stages)) {
            // The suite failed before its first stage (its extension's beforeAll): what JUnit said is the evidence.
            throw new AssertionError("the run wrote no " + stages + "; JUnit reported: " + tests);
        }
        return new Outcome(List.copyOf(tests), read(stages), allure(allureDir));
    }

    /**
     * The text of the first attachment named {@code name} in the last run's Allure results (any test case, any step), as
     * the report shows it.
     */
    static String attachment(Rehearsal world, String name) {
        Path dir = world.runDir().resolve("allure-results");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path result : files.filter(f -> f.getFileName().toString().endsWith("-result.json")).sorted()
                    .toList()) {
                Optional<String> source = source(read(result), name);
                if (source.isPresent()) {
                    return Files.readString(dir.resolve(source.get()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no attachment '" + name + "' in " + dir);
    }

    private static Optional<String> source(JsonNode node, String name) {
        for (JsonNode a : node.path("attachments")) {
            if (a.path("name").asString("").equals(name)) {
                return Optional.of(a.path("source").asString(""));
            }
        }
        for (JsonNode step : node.path("steps")) {
            Optional<String> found = source(step, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("the run wrote no " + file, e);
        }
    }

    private static List<AllureCase> allure(Path dir) {
        JsonNode categories = read(Path.of("reports/categories.json"));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-result.json")).sorted()
                    .map(RehearsalRun::read).map(r -> {
                        String status = r.path("status").asString("");
                        String message = r.path("statusDetails").path("message").asString("");
                        List<String> steps = new ArrayList<>();
                        List<String> attachments = new ArrayList<>();
                        collect(r, steps, attachments);
                        Map<String, List<String>> labels = new LinkedHashMap<>();
                        r.path("labels").forEach(l -> labels.computeIfAbsent(l.path("name").asString(""),
                                k -> new ArrayList<>()).add(l.path("value").asString("")));
                        List<String> links = new ArrayList<>();
                        r.path("links").forEach(l -> links.add(l.path("url").asString("")));
                        return new AllureCase(r.path("name").asString(""), status, message, steps, attachments,
                                categories(categories, status, message), labels, links);
                    })
                    .sorted((a, b) -> a.name().compareTo(b.name())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Step names and attachment names, of the test case and of all its steps. */
    private static void collect(JsonNode node, List<String> steps, List<String> attachments) {
        node.path("attachments").forEach(a -> attachments.add(a.path("name").asString("")));
        node.path("steps").forEach(s -> {
            steps.add(s.path("name").asString(""));
            collect(s, steps, attachments);
        });
    }

    /**
     * The categories a result lands in, as Allure's report assigns them: every category whose statuses include the
     * result's and whose message pattern matches its whole message; a failed result that matches none is a "Product
     * defect", a broken one a "Test defect" (allure-framework/allure2 CategoriesPlugin; docs.qameta.io "Categories").
     */
    static List<String> categories(JsonNode categories, String status, String message) {
        List<String> names = new ArrayList<>();
        for (JsonNode category : categories) {
            boolean statusMatches = false;
            for (JsonNode s : category.path("matchedStatuses")) {
                statusMatches |= s.asString().equals(status);
            }
            String regex = category.path("messageRegex").asString(null);
            if (statusMatches && (regex == null || Pattern.compile(regex).matcher(message).matches())) {
                names.add(category.path("name").asString());
            }
        }
        if (names.isEmpty() && status.equals("failed")) {
            names.add("Product defects");
        } else if (names.isEmpty() && status.equals("broken")) {
            names.add("Test defects");
        }
        return names;
    }
}
