package io.meshconformance.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import io.meshconformance.config.MeshSettings;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;

/**
 * Allure's {@code environment.properties} (versions, topology, mode), {@code categories.json} (the known
 * failure signatures, from {@code reports/categories.json}) and {@code executor.json} ({@link ReportExecutor}), written
 * into the Allure results directory so that reports of different versions can be told apart, failures are grouped by
 * cause, and each run is named in the report and its trend.
 */
public final class ReportEnvironment {

    public static final Path CATEGORIES = Path.of("reports/categories.json");

    private ReportEnvironment() {
    }

    /** The harness's own version, from the build. */
    public static String harnessVersion() {
        try (InputStream in = ReportEnvironment.class.getResourceAsStream("/io/meshconformance/harness.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * @param clusters what the cluster provider says of its clusters (the k3s image, or the kubeconfig paths and
     *                 contexts of existing clusters; never their contents)
     */
    public static Map<String, String> entries(MeshSettings settings, MeshTopology topology,
                                              Map<String, String> clusters) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("harness.version", harnessVersion());
        env.put("mode", settings.mode().name().toLowerCase(Locale.ROOT));
        env.putAll(clusters);
        if (settings.installsIstio()) {
            env.put("istio.version", settings.istioVersion().toString());
            env.put("istio.charts", settings.istioCharts().toString());
        } else {
            env.put("istio.namespace", settings.istioNamespace());
            env.put("istio.revision.asked", settings.istioRevision().orElse("(none: found in the primary)"));
        }
        env.put("bookinfo.images", settings.bookinfoRegistry() + "/examples-bookinfo-*:" + settings.bookinfoTag());
        env.put("topology.file", settings.topology().toString());
        for (ClusterSpec c : topology.clusters()) {
            env.put("cluster." + c.name(), c.role().yamlName() + ", network " + c.network() + ", pods " + c.podCidr()
                    + ", services " + c.serviceCidr() + ", dns " + c.clusterDnsText());
        }
        return env;
    }

    public static void write(Path allureResults, MeshSettings settings, MeshTopology topology,
                             Map<String, String> clusters) throws IOException {
        Files.createDirectories(allureResults);
        String text = entries(settings, topology, clusters).entrySet().stream()
                .map(e -> line(e.getKey(), e.getValue())).collect(Collectors.joining());
        Files.writeString(allureResults.resolve("environment.properties"), text, StandardCharsets.UTF_8);
        if (Files.isRegularFile(CATEGORIES)) {
            Files.copy(CATEGORIES, allureResults.resolve("categories.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        ReportExecutor.write(allureResults);
    }

    /**
     * Adds an entry that is known only once a stage has run (the control plane the run found) to the
     * {@code environment.properties} {@link #write} wrote; nothing when there is none (a run made outside the JUnit
     * extension writes no report environment).
     */
    public static void add(Path allureResults, String key, String value) throws IOException {
        Path file = allureResults.resolve("environment.properties");
        if (Files.isRegularFile(file)) {
            Files.writeString(file, line(key, value), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    private static String line(String key, String value) {
        return key + "=" + value.replace("\\", "\\\\").replace(":", "\\:").replace("\n", " ") + "\n";
    }
}
