package io.meshconformance.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import io.meshconformance.config.MatrixCell;
import io.meshconformance.text.Causes;
import io.meshconformance.text.Redaction;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one cell's run left in its directory ({@code target/matrix/<cell>/}), read back into a report row: the
 * outcome, why, the stages of {@code stages.json} with the one that failed and its layer, and the propagation marks.
 * The failsafe report says whether the suite ran, was skipped (and why) or failed; {@code stages.json} says where it
 * failed; {@code cell.json}, written by bin/mesh-matrix, says that Maven ran and how it ended.
 *
 * @param outcome  what the row shows
 * @param reason   the skip reason, the failure's first line, or why there is nothing to show; empty when passed
 * @param stages   the stages as recorded, in order (empty when the suite recorded none)
 * @param marks    the propagation marks as recorded
 * @param problems what could not be read of the cell's files, for the row's reader
 */
record CellResult(Outcome outcome, String reason, List<Stage> stages, List<Mark> marks, List<String> problems) {

    /** A cell's directory and the files in it. */
    static final String RUN_FILE = "cell.json";
    static final String MESH_RESULTS = "mesh-results";
    static final String ALLURE_RESULTS = "allure-results";
    static final String FAILSAFE_REPORTS = "failsafe-reports";
    static final String LOG = "maven.log";
    /** The longest failure or skip text kept for a report. */
    static final int MAX_MESSAGE = 4000;

    enum Outcome {
        PASSED("passed"), FAILED("failed"), SKIPPED("skipped"), UNSUPPORTED("unsupported, not run"),
        DID_NOT_RUN("did not run");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    /** One stage of stages.json. */
    record Stage(String stage, String layer, String outcome, double seconds, String message) {
        /** "Clusters", "Verdict 1", "details in the remote": the stage's name before its description. */
        String shortName() {
            int colon = stage.indexOf(": ");
            int arrow = stage.indexOf(" -> ");
            int cut = colon < 0 ? arrow : arrow < 0 ? colon : Math.min(colon, arrow);
            return cut < 0 ? stage : stage.substring(0, cut);
        }

        boolean failed() {
            return "failed".equals(outcome);
        }
    }

    /** One propagation mark of stages.json: {@code seconds} after the first mark of its chain. */
    record Mark(String chain, String mark, double seconds) {
    }

    CellResult {
        stages = List.copyOf(stages);
        marks = List.copyOf(marks);
        problems = List.copyOf(problems);
    }

    /**
     * The reason in one line, without what the row shows already: a failed stage's message begins "Broken layer: ...
     * Stage '...' failed: ", which the row's stage and layer say.
     */
    String shortReason() {
        String first = Causes.firstLine(reason);
        int cut = first.startsWith("Broken layer:") ? first.indexOf("' failed: ") : -1;
        return cut < 0 ? first : first.substring(cut + "' failed: ".length());
    }

    /** The first failed stage, with its number (1 for the first stage). */
    Optional<Stage> failedStage() {
        return stages.stream().filter(Stage::failed).findFirst();
    }

    int number(Stage stage) {
        return stages.indexOf(stage) + 1;
    }

    /** The row of a cell that was not run because Istio does not support its Kubernetes minor. */
    static CellResult unsupported(MatrixCell cell) {
        return new CellResult(Outcome.UNSUPPORTED, cell.expected().why(), List.of(), List.of(), List.of());
    }

    /**
     * Reads {@code dir}, the directory of {@code cell}'s run. {@code expectedToRun}: whether the cell was to be run;
     * one that was not and left nothing is unsupported, one that was and left nothing did not run.
     */
    static CellResult read(Path dir, MatrixCell cell, boolean expectedToRun) {
        return read(dir, dir.toString(), cell, expectedToRun);
    }

    /** As {@link #read(Path, MatrixCell, boolean)}; {@code shown} names {@code dir} in reasons. */
    static CellResult read(Path dir, String shown, MatrixCell cell, boolean expectedToRun) {
        List<String> problems = new ArrayList<>();
        OptionalInt exit = exitCode(dir.resolve(RUN_FILE), problems);
        Path stagesFile = dir.resolve(MESH_RESULTS).resolve("stages.json");
        List<Stage> stages = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        boolean stagesRead = stages(stagesFile, stages, marks, problems);
        Optional<Failsafe> failsafe = Failsafe.read(dir.resolve(FAILSAFE_REPORTS), problems);
        if (exit.isEmpty() && !stagesRead && failsafe.isEmpty()) {
            if (!expectedToRun) {
                return unsupported(cell);
            }
            return new CellResult(Outcome.DID_NOT_RUN, "no results in " + shown + " (the cell's run did not start, or"
                    + " its results were not kept)", List.of(), List.of(), problems);
        }
        Optional<Stage> failed = stages.stream().filter(Stage::failed).findFirst();
        if (failed.isPresent()) {
            return new CellResult(Outcome.FAILED, message(failed.get().message()), stages, marks, problems);
        }
        if (failsafe.isPresent()) {
            Failsafe f = failsafe.get();
            if (f.failures() + f.errors() > 0) {
                return new CellResult(Outcome.FAILED, message(f.failureMessage().orElse(f.failures() + f.errors()
                        + " of " + f.tests() + " tests failed; see the failsafe report")), stages, marks, problems);
            }
            if (f.tests() > 0 && f.skipped() == f.tests()) {
                return new CellResult(Outcome.SKIPPED, message(f.skipMessage().orElse("all " + f.tests()
                        + " tests skipped, without a reason")), stages, marks, problems);
            }
            if (f.tests() > 0 && f.skipped() == 0 && (exit.isEmpty() || exit.getAsInt() == 0)) {
                return new CellResult(Outcome.PASSED, "", stages, marks, problems);
            }
            if (f.skipped() > 0) {
                return new CellResult(Outcome.FAILED, f.skipped() + " of " + f.tests() + " tests were skipped, so the"
                        + " suite did not run every stage", stages, marks, problems);
            }
        }
        if (exit.isPresent() && exit.getAsInt() != 0) {
            // with a failsafe report the suite did report (its tests passed, or it ran none), and Maven failed after
            return new CellResult(Outcome.FAILED, "Maven exited with " + exit.getAsInt()
                    + (failsafe.isPresent() ? " after" : " before") + " the suite reported; see " + shown + "/" + LOG,
                    stages, marks, problems);
        }
        if (stagesRead && !stages.isEmpty() && stages.stream().allMatch(s -> "passed".equals(s.outcome()))) {
            return new CellResult(Outcome.PASSED, "", stages, marks, problems);
        }
        return new CellResult(Outcome.FAILED, "the suite left no report of its tests (no failsafe report and no"
                + " passed stages); see " + shown + "/" + LOG, stages, marks, problems);
    }

    private static String message(String text) {
        return text == null ? "" : Redaction.capped(text, MAX_MESSAGE); // cut, then redacted
    }

    private static OptionalInt exitCode(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            return OptionalInt.empty();
        }
        try {
            JsonNode run = JsonMapper.builder().build().readTree(file.toFile());
            JsonNode code = run.get("exitCode");
            if (code == null || !code.isInt()) {
                problems.add(file + " has no integer exitCode: Maven's status is not known");
                return OptionalInt.empty();
            }
            return OptionalInt.of(code.asInt());
        } catch (JacksonException e) {
            problems.add(file + " is not readable JSON (" + Causes.firstLine(e) + ")");
            return OptionalInt.empty();
        }
    }

    /** Reads stages.json into {@code stages} and {@code marks}; false when there is none or it cannot be read. */
    private static boolean stages(Path file, List<Stage> stages, List<Mark> marks, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
            for (JsonNode s : root.path("stages")) {
                stages.add(new Stage(s.path("stage").asString(""), s.path("layer").asString(""),
                        s.path("outcome").asString(""), s.path("seconds").asDouble(0),
                        s.hasNonNull("message") ? s.get("message").asString() : null));
            }
            for (JsonNode m : root.path("marks")) {
                marks.add(new Mark(m.path("chain").asString(""), m.path("mark").asString(""),
                        m.path("seconds").asDouble(0)));
            }
            return true;
        } catch (JacksonException e) {
            problems.add(file + " is not readable JSON (" + Causes.firstLine(e) + "); its"
                    + " stages are not shown");
            stages.clear();
            marks.clear();
            return false;
        }
    }

    /** The totals of the failsafe reports (TEST-*.xml) of a cell, with the first skip and failure message. */
    record Failsafe(int tests, int failures, int errors, int skipped, Optional<String> skipMessage,
                    Optional<String> failureMessage) {

        static Optional<Failsafe> read(Path dir, List<String> problems) {
            if (!Files.isDirectory(dir)) {
                return Optional.empty();
            }
            int tests = 0;
            int failures = 0;
            int errors = 0;
            int skipped = 0;
            String skipMessage = null;
            String failureMessage = null;
            boolean any = false;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "TEST-*.xml")) {
                List<Path> sorted = new ArrayList<>();
                files.forEach(sorted::add);
                sorted.sort(null);
                for (Path file : sorted) {
                    Document xml;
                    try (InputStream in = Files.newInputStream(file)) {
                        xml = builder().parse(in);
                    } catch (SAXException | IOException e) {
                        problems.add(file + " is not a readable failsafe report (" + Causes.firstLine(e) + ")");
                        continue;
                    }
                    any = true;
                    Element suite = xml.getDocumentElement();
                    tests += count(suite, "tests");
                    failures += count(suite, "failures");
                    errors += count(suite, "errors");
                    skipped += count(suite, "skipped");
                    skipMessage = skipMessage != null ? skipMessage : firstMessage(xml, "skipped");
                    if (failureMessage == null) {
                        failureMessage = firstMessage(xml, "failure");
                    }
                    if (failureMessage == null) {
                        failureMessage = firstMessage(xml, "error");
                    }
                }
            } catch (IOException e) {
                problems.add(dir + " cannot be listed (" + Causes.firstLine(e) + ")");
            }
            return any ? Optional.of(new Failsafe(tests, failures, errors, skipped, Optional.ofNullable(skipMessage),
                    Optional.ofNullable(failureMessage))) : Optional.empty();
        }

        private static DocumentBuilder builder() {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                factory.setExpandEntityReferences(false);
                return factory.newDocumentBuilder();
            } catch (ParserConfigurationException e) {
                throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
            }
        }

        private static int count(Element suite, String attribute) {
            try {
                return Integer.parseInt(suite.getAttribute(attribute).trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private static String firstMessage(Document xml, String tag) {
            NodeList found = xml.getElementsByTagName(tag);
            for (int i = 0; i < found.getLength(); i++) {
                Element e = (Element) found.item(i);
                String message = e.getAttribute("message");
                if (!message.isBlank()) {
                    return message;
                }
            }
            return null;
        }
    }
}
