package io.meshconformance.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.meshconformance.text.Suggest;
import io.meshconformance.topology.InputFile;
import io.meshconformance.topology.InvalidTopologyException;
import io.meshconformance.topology.TopologyLoader;
import io.meshconformance.topology.YamlReader;
import tools.jackson.databind.JsonNode;

/**
 * Reads a version matrix file (README, "Version matrix") into a validated {@link Matrix}, with every problem at once,
 * each naming the file, the line, the cell and the fix, before any cell runs. The file is read as a topology is
 * ({@link InputFile}, {@link YamlReader}: bounded, UTF-8, one document, no key twice). A cell's settings are checked
 * by the harness's own settings reader, as its run will read them, and its topology file is loaded and validated.
 */
public final class MatrixLoader {

    public static final String DEFAULT_FILE = "matrix/default.yaml";
    /** What {@link InputFile} says a matrix file is. */
    public static final InputFile.Kind FILE = new InputFile.Kind("a matrix YAML file, e.g. " + DEFAULT_FILE,
            1 << 20, "a matrix is a few KiB");
    /** GitHub Actions runs at most 256 jobs per matrix, one per cell. */
    public static final int MAX_CELLS = 256;
    static final int MAX_NAME = 50;

    static final String CELLS = "cells";
    static final String RUN_UNSUPPORTED = "runUnsupported";
    static final List<String> TOP_FIELDS = List.of(RUN_UNSUPPORTED, CELLS);
    static final List<String> CELL_FIELDS = List.of("name", "istio", "k3s", "topology", "settings");
    /** Settings a cell may not give in its settings, and who gives them instead. */
    static final Map<String, String> OWNED = Map.of(
            Keys.ISTIO_VERSION, "the cell's field 'istio'",
            Keys.K3S_IMAGE, "the cell's field 'k3s'",
            Keys.TOPOLOGY, "the cell's field 'topology'",
            Keys.RESULTS, "bin/mesh-matrix (each cell's results go to target/matrix/<cell>/)");

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-.a-z0-9]*[a-z0-9])?");
    private static final Pattern LINE_IN_MESSAGE = Pattern.compile("\\(line (\\d+)");
    private static final YamlReader YAML = new YamlReader(1 << 20, 1024, 16, "a matrix");

    private final String source;
    private final Path root;
    private final List<String> problems = new ArrayList<>();
    private YamlLines lines;

    private MatrixLoader(String source, Path root) {
        this.source = source;
        this.root = root;
    }

    /**
     * Loads and validates {@code file}; {@code source} names it in messages, {@code root} is the project root that
     * the paths inside the file (topologies, settings) are relative to, as for the cells' Maven runs.
     *
     * @throws InvalidMatrixException naming every problem
     */
    public static Matrix load(Path file, String source, Path root) {
        String text;
        try {
            text = InputFile.read(file, FILE);
        } catch (IllegalArgumentException e) {
            throw new InvalidMatrixException(source, List.of(source + ": " + e.getMessage()));
        }
        return parse(text, source, root);
    }

    /** Parses matrix YAML text; see {@link #load}. */
    public static Matrix parse(String text, String source, Path root) {
        MatrixLoader loader = new MatrixLoader(source, root);
        Matrix matrix = loader.read(text);
        if (!loader.problems.isEmpty()) {
            throw new InvalidMatrixException(source, loader.problems);
        }
        return matrix;
    }

    private Matrix read(String text) {
        if (text.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
            problem(0, "the file", "is empty; it needs a 'cells:' list, see " + DEFAULT_FILE);
            return null;
        }
        JsonNode root;
        try {
            root = YAML.read(text);
        } catch (IllegalArgumentException e) {
            // the reader says where in words, "(line 4, column 4)"; the line also goes up front, as FILE:LINE
            Matcher where = LINE_IN_MESSAGE.matcher(e.getMessage());
            problems.add(source + (where.find() ? ":" + where.group(1) : "") + ": " + e.getMessage());
            return null;
        }
        lines = YamlLines.of(text);
        if (root == null || root.isMissingNode() || root.isNull()) {
            problem(0, "the file", "is empty; it needs a 'cells:' list, see " + DEFAULT_FILE);
            return null;
        }
        if (!root.isObject()) {
            problem(1, "the file", "must be a mapping with a 'cells:' list, but its top level is "
                    + YamlReader.kind(root)
                    + "; see " + DEFAULT_FILE);
            return null;
        }
        for (String key : root.propertyNames()) {
            if (!TOP_FIELDS.contains(key)) {
                problem(line("/" + key), "the top level", "unknown key '" + key + "'"
                        + Suggest.didYouMean(key, TOP_FIELDS, 2)
                        + "; the top level holds only " + String.join(" and ", TOP_FIELDS));
            }
        }
        boolean runUnsupported = false;
        JsonNode flag = root.get(RUN_UNSUPPORTED);
        if (flag != null && !flag.isNull()) {
            if (flag.isBoolean()) {
                runUnsupported = flag.asBoolean();
            } else {
                problem(line("/" + RUN_UNSUPPORTED), RUN_UNSUPPORTED, "is "
                        + YamlReader.kind(flag) + "; write true (run cells"
                        + " outside Istio's supported Kubernetes range too) or false (report them as unsupported)");
            }
        }
        JsonNode cells = root.get(CELLS);
        if (cells == null || cells.isNull() || cells.isArray() && cells.isEmpty()) {
            problem(cells == null ? 0 : line("/" + CELLS), "the file", "has no cells; list them under 'cells:', each"
                    + " with name, istio, k3s and optionally topology and settings (see " + DEFAULT_FILE + ")");
            return null;
        }
        if (!cells.isArray()) {
            problem(line("/" + CELLS), CELLS, "must be a list ('- name: ...' entries), but is "
                    + YamlReader.kind(cells));
            return null;
        }
        if (cells.size() > MAX_CELLS) {
            problem(line("/" + CELLS), CELLS, "has " + cells.size() + " cells, more than the " + MAX_CELLS
                    + " jobs GitHub Actions runs for one matrix; split the file");
            return null;
        }
        List<MatrixCell> read = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < cells.size(); i++) {
            cell(i, cells.get(i), names).ifPresent(read::add);
        }
        return new Matrix(source, runUnsupported, read);
    }

    private Optional<MatrixCell> cell(int index, JsonNode node, Set<String> names) {
        String at = "/" + CELLS + "/" + index;
        int line = line(at);
        if (!node.isObject()) {
            problem(line, "cells[" + index + "]", "must be a mapping with " + String.join(", ", CELL_FIELDS)
                    + ", but is " + YamlReader.kind(node));
            return Optional.empty();
        }
        int before = problems.size();
        String name = scalar(node, "name", at, "cells[" + index + "]", "e.g. name: istio-1.30-k8s-1.35");
        String where = name == null ? "cells[" + index + "]" : "cell '" + name + "'";
        for (String key : node.propertyNames()) {
            if (!CELL_FIELDS.contains(key)) {
                problem(line(at + "/" + key), where, "unknown key '" + key + "'"
                        + Suggest.didYouMean(key, CELL_FIELDS, 2)
                        + "; a cell has " + String.join(", ", CELL_FIELDS.subList(0, 3)) + " and optionally topology"
                        + " and settings");
            }
        }
        if (name != null) {
            if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
                problem(line(at + "/name"), where, "the name must be lower-case letters, digits, '-' and '.', starting"
                        + " and ending with a letter or digit, at most " + MAX_NAME + " characters (it names the"
                        + " cell's directory and CI job); e.g. istio-1.30-k8s-1.35");
            } else if (!names.add(name)) {
                problem(line(at + "/name"), where, "the name is used by an earlier cell too; give every cell its"
                        + " own name");
            }
        }
        IstioVersion istio = null;
        String istioText = scalar(node, "istio", at, where, "e.g. istio: " + MeshSettings.DEFAULT_ISTIO_VERSION);
        if (istioText != null) {
            try {
                istio = IstioVersion.parse(istioText);
                if (!istio.isAtLeast(IstioVersion.MINIMUM)) {
                    problem(line(at + "/istio"), where, "istio " + istio + " is older than " + IstioVersion.MINIMUM
                            + ", the first release whose charts have the remote profile; use 1.24 or later");
                    istio = null;
                }
            } catch (IllegalArgumentException e) {
                problem(line(at + "/istio"), where, "istio " + e.getMessage());
            }
        }
        K3sImage k3s = null;
        String k3sText = scalar(node, "k3s", at, where, "e.g. k3s: " + MeshSettings.DEFAULT_K3S_IMAGE);
        if (k3sText != null) {
            try {
                k3s = K3sImage.parse(k3sText);
            } catch (IllegalArgumentException e) {
                problem(line(at + "/k3s"), where, "k3s image '" + k3sText + "' " + e.getMessage());
            }
        }
        String topology = MeshSettings.DEFAULT_TOPOLOGY;
        int beforeTopology = problems.size();
        if (node.has("topology")) {
            topology = scalar(node, "topology", at, where, "e.g. topology: " + MeshSettings.DEFAULT_TOPOLOGY);
            if (topology != null) {
                topology(topology, line(at + "/topology"), where);
            }
        }
        boolean topologyUsable = topology != null && problems.size() == beforeTopology;
        Map<String, String> settings = settings(node.get("settings"), at, where);
        if (name == null || istio == null || k3s == null || !topologyUsable) {
            return Optional.empty();
        }
        MatrixCell cell = new MatrixCell(name, istio, k3s, topology, settings,
                IstioSupport.expected(istio, k3s.kubernetesMajor(), k3s.kubernetesMinor()), line);
        // also when a setting was refused above: the ones left are read now, so that one run names every problem
        asTheRunReadsThem(cell, at, where);
        return problems.size() > before ? Optional.empty() : Optional.of(cell);
    }

    /** A required single value of a cell; null (with the problem recorded) when missing or not a single value. */
    private String scalar(JsonNode cell, String field, String at, String where, String example) {
        JsonNode value = cell.get(field);
        if (value == null || value.isNull() || value.isValueNode() && value.asString().isBlank()) {
            problem(line(at), where, "missing field '" + field + "'; " + example);
            return null;
        }
        if (!value.isValueNode()) {
            problem(line(at + "/" + field), where, "field '" + field + "' must be a single value, but is "
                    + YamlReader.kind(value) + "; " + example);
            return null;
        }
        return value.asString().trim();
    }

    private void topology(String topology, int line, String where) {
        try {
            TopologyLoader.load(root.resolve(topology));
        } catch (InvalidTopologyException e) {
            int count = e.problems().size();
            problem(line, where, "topology " + topology + " (relative to the project root) cannot be used: "
                    + e.problems().get(0) + (count == 1 ? "" : " (and " + (count - 1) + " more; bin/validate-topology "
                    + topology + " lists them)"));
        }
    }

    private Map<String, String> settings(JsonNode node, String at, String where) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return settings;
        }
        if (!node.isObject()) {
            problem(line(at + "/settings"), where, "settings must be a mapping of mesh.* settings to values, but is "
                    + YamlReader.kind(node) + "; e.g. settings: {mesh.timeout.istio: 8m}");
            return settings;
        }
        for (String key : node.propertyNames()) {
            JsonNode value = node.get(key);
            int line = line(at + "/settings/" + key.replace("~", "~0").replace("/", "~1"));
            if (OWNED.containsKey(key)) {
                problem(line, where, "setting " + key + " is given by " + OWNED.get(key) + "; remove it from"
                        + " settings");
            } else if (!key.startsWith("mesh.")) {
                problem(line, where, "setting '" + key + "' is not a setting of this harness: settings are mesh.*"
                        + " keys (the README's settings table), e.g. mesh.timeout.istio");
            } else if (value == null || !value.isValueNode() || value.isNull()) {
                problem(line, where, "setting " + key + " must be a single value, but is "
                        + (value == null || value.isNull() ? "empty" : YamlReader.kind(value)));
            } else {
                settings.put(key, value.asString());
            }
        }
        return settings;
    }

    /**
     * Reads the cell's settings with the harness's own reader, as the cell's run will (without the environment,
     * which the run adds): an unknown key, a bad value or settings that do not go together are found here.
     */
    private void asTheRunReadsThem(MatrixCell cell, String at, String where) {
        Map<String, String> properties = new LinkedHashMap<>(cell.properties());
        properties.put(Keys.TOPOLOGY, root.resolve(cell.topology()).toString());
        cell.settings().forEach((key, value) -> {
            if (key.endsWith("kubeconfig") || key.equals(Keys.IMAGES_PRELOAD)
                    || key.equals(Keys.ISTIO_CHARTS) && !value.contains("://")) {
                properties.put(key, root.resolve(value).toString()); // paths, relative to the project root
            }
        });
        try {
            MeshSettings.from(SettingSource.of(properties, Map.of()));
        } catch (InvalidSettingsException e) {
            for (String problem : e.problems()) {
                String key = properties.keySet().stream()
                        .filter(k -> problem.startsWith(k + " ") || problem.startsWith("-D" + k + " "))
                        .findFirst().orElse(null);
                String pointer = key == null ? at + "/settings"
                        : switch (key) {
                            case Keys.ISTIO_VERSION -> at + "/istio";
                            case Keys.K3S_IMAGE -> at + "/k3s";
                            case Keys.TOPOLOGY -> at + "/topology";
                            default -> at + "/settings/" + key;
                        };
                String text = key == null ? problem : problem.replace(" (from -D" + key + ")", "");
                problem(line(pointer), where, "setting " + (text.startsWith("-D") ? text.substring(2) : text));
            }
        }
    }

    private int line(String pointer) {
        return lines == null ? 0 : lines.line(pointer);
    }

    private void problem(int line, String where, String what) {
        problems.add(source + (line > 0 ? ":" + line : "") + ": " + where + ": " + what);
    }
}
