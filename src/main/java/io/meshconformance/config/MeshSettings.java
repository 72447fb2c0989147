package io.meshconformance.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.meshconformance.text.Redaction;
import io.meshconformance.text.Suggest;
import io.meshconformance.topology.Cidr;

/**
 * Every setting of the harness, typed, with its default. Each is read from {@code -Dmesh.x.y} or the environment
 * variable {@code MESH_X_Y} (the property wins). All bad values are reported together, each naming the key, the
 * value, where it came from and the form expected. The README's settings table lists the same keys.
 */
public final class MeshSettings {

    public static final String DEFAULT_TOPOLOGY = "fixtures/topologies/default.yaml";
    /** k3s v1.35.4+k3s1 (FACTS.md 6; tags write '+' as '-'); Kubernetes 1.35 is supported by Istio 1.30. */
    public static final String DEFAULT_K3S_IMAGE = "rancher/k3s:v1.35.4-k3s1";
    /** Newest Istio release seen in istio/istio (FACTS.md 2); supports Kubernetes 1.32 to 1.36. */
    public static final String DEFAULT_ISTIO_VERSION = "1.30.3";
    public static final String DEFAULT_ISTIO_CHARTS = "https://istio-release.storage.googleapis.com/charts";
    /** Bookinfo images docker.io/istio/examples-bookinfo-*:1.20.3 (FACTS.md 5). */
    public static final String DEFAULT_BOOKINFO_REGISTRY = "docker.io/istio";
    public static final String DEFAULT_BOOKINFO_TAG = "1.20.3";
    public static final String DEFAULT_RESULTS = "target/mesh-results";
    /** Where the doctor looks for the application whose calls to {@code details} need DNS in the primary. */
    public static final String DEFAULT_DOCTOR_NAMESPACE = "bookinfo";
    /**
     * The labels of an ingress gateway's pods as istioctl's default profile and the gateway chart installed as
     * release istio-ingressgateway set them (istio/istio 1.30.3 manifests/charts/gateway, istio-ingress values).
     */
    public static final String DEFAULT_INGRESS_SELECTOR = "istio=ingressgateway";

    /** The value of one setting as the run uses it, and where it came from ("default", "-Dkey", "$ENV"). */
    public record Effective(String key, String value, String origin) {
    }

    private final Path topology;
    private final Mode mode;
    private final String k3sImage;
    private final Optional<Cidr> networkSubnet;
    private final IstioVersion istioVersion;
    private final ChartSource istioCharts;
    private final String bookinfoRegistry;
    private final String bookinfoTag;
    private final Optional<URI> imagesMirror;
    private final Optional<Path> imagesPreload;
    private final Optional<Path> primaryKubeconfig;
    private final Optional<String> primaryContext;
    private final Optional<Path> remoteKubeconfig;
    private final Optional<String> remoteContext;
    private final Optional<URI> remoteServer;
    private final boolean existingInstall;
    private final boolean existingAttach;
    private final String doctorNamespace;
    private final LabelSelector ingressSelector;
    private final boolean keepOnFailure;
    private final Path results;
    private final int verdictSuccesses;
    private final Map<StageTimeout, Duration> timeouts;
    private final List<Effective> effective;
    private final List<String> warnings;

    private MeshSettings(Reader r) {
        topology = r.read(Keys.TOPOLOGY, DEFAULT_TOPOLOGY, SettingParsers::existingFile, Path::toString);
        mode = r.read(Keys.MODE, "k3s", SettingParsers::mode, m -> m.name().toLowerCase(Locale.ROOT));
        k3sImage = r.read(Keys.K3S_IMAGE, DEFAULT_K3S_IMAGE, SettingParsers::k3sImage, Function.identity());
        networkSubnet = r.readOptional(Keys.NETWORK_SUBNET, SettingParsers::subnet, Cidr::toString);
        istioVersion = r.read(Keys.ISTIO_VERSION, DEFAULT_ISTIO_VERSION, SettingParsers::istioVersion,
                IstioVersion::toString);
        istioCharts = r.read(Keys.ISTIO_CHARTS, DEFAULT_ISTIO_CHARTS, ChartSource::parse, ChartSource::toString);
        bookinfoRegistry = r.read(Keys.BOOKINFO_REGISTRY, DEFAULT_BOOKINFO_REGISTRY, SettingParsers::registry,
                Function.identity());
        bookinfoTag = r.read(Keys.BOOKINFO_TAG, DEFAULT_BOOKINFO_TAG, SettingParsers::tag, Function.identity());
        imagesMirror = r.readOptional(Keys.IMAGES_MIRROR, SettingParsers::mirror, Redaction::uri);
        imagesPreload = r.readOptional(Keys.IMAGES_PRELOAD, SettingParsers::existingDirectory, Path::toString);
        primaryKubeconfig = r.readOptional(Keys.PRIMARY_KUBECONFIG, SettingParsers::existingFile, Path::toString);
        primaryContext = r.readOptional(Keys.PRIMARY_CONTEXT, Function.identity(), Function.identity());
        remoteKubeconfig = r.readOptional(Keys.REMOTE_KUBECONFIG, SettingParsers::existingFile, Path::toString);
        remoteContext = r.readOptional(Keys.REMOTE_CONTEXT, Function.identity(), Function.identity());
        remoteServer = r.readOptional(Keys.REMOTE_SERVER, SettingParsers::apiServer, URI::toString);
        existingInstall = Boolean.TRUE.equals(r.read(Keys.EXISTING_INSTALL, "false", SettingParsers::bool,
                String::valueOf));
        existingAttach = Boolean.TRUE.equals(r.read(Keys.EXISTING_ATTACH, "false", SettingParsers::bool,
                String::valueOf));
        doctorNamespace = r.read(Keys.DOCTOR_NAMESPACE, DEFAULT_DOCTOR_NAMESPACE, SettingParsers::namespace,
                Function.identity());
        ingressSelector = r.read(Keys.INGRESS_SELECTOR, DEFAULT_INGRESS_SELECTOR, SettingParsers::labelSelector,
                LabelSelector::toString);
        keepOnFailure = Boolean.TRUE.equals(r.read(Keys.KEEP_ON_FAILURE, "false", SettingParsers::bool,
                String::valueOf));
        results = r.read(Keys.RESULTS, DEFAULT_RESULTS, Path::of, Path::toString);
        Integer successes = r.read(Keys.VERDICT_SUCCESSES, "5", SettingParsers::successes, String::valueOf);
        verdictSuccesses = successes == null ? 0 : successes;
        Map<StageTimeout, Duration> stageTimeouts = new LinkedHashMap<>();
        for (StageTimeout stage : StageTimeout.values()) {
            Duration timeout = r.read(stage.settingKey(), Durations.format(stage.defaultTimeout()),
                    Durations::parse, Durations::format);
            stageTimeouts.put(stage, timeout);
        }
        timeouts = Collections.unmodifiableMap(stageTimeouts);
        crossChecks(r);
        r.rejectUnknownKeys();
        r.throwIfInvalid();
        effective = List.copyOf(r.effective);
        warnings = List.copyOf(r.warnings);
    }

    /** Reads the settings of this JVM (system properties, then environment). */
    public static MeshSettings fromSystem() {
        return from(SettingSource.system());
    }

    public static MeshSettings from(SettingSource source) {
        return new MeshSettings(new Reader(source));
    }

    private void crossChecks(Reader r) {
        if (istioCharts != null && istioVersion != null && istioCharts.directory().isPresent()) {
            List<String> missing = istioCharts.missingArchives(istioVersion);
            if (!missing.isEmpty()) {
                r.problems.add(Keys.ISTIO_CHARTS + " = '" + istioCharts + "' lacks " + String.join(", ", missing)
                        + " for " + Keys.ISTIO_VERSION + "=" + istioVersion + "; fetch them on a connected machine with"
                        + " 'helm pull istio/<chart> --version " + istioVersion + "' (repository "
                        + DEFAULT_ISTIO_CHARTS + ")");
            }
        }
        if (mode == Mode.EXISTING) {
            if (primaryKubeconfig == null || remoteKubeconfig == null) {
                return; // a bad path was already reported
            }
            if (primaryKubeconfig.isEmpty()) {
                r.problems.add(Keys.PRIMARY_KUBECONFIG + " is required when " + Keys.MODE + "=existing: give the"
                        + " path of the primary cluster's kubeconfig (and " + Keys.PRIMARY_CONTEXT
                        + " if it is not the current context)");
            }
            if (remoteKubeconfig.isEmpty()) {
                r.problems.add(Keys.REMOTE_KUBECONFIG + " is required when " + Keys.MODE + "=existing: give the"
                        + " path of the remote cluster's kubeconfig (and " + Keys.REMOTE_CONTEXT
                        + " if it is not the current context)");
            }
            if (existingInstall && r.given(Keys.INGRESS_SELECTOR)) {
                r.warnings.add(Keys.INGRESS_SELECTOR + " is ignored when " + Keys.EXISTING_INSTALL + "=true: the page"
                        + " goes through the ingress gateway the run installs (" + DEFAULT_INGRESS_SELECTOR + ")");
            }
            if (existingInstall && !existingAttach) {
                r.problems.add(Keys.EXISTING_INSTALL + "=true needs " + Keys.EXISTING_ATTACH + "=true: a remote whose"
                        + " Istio this run installs has no attachment yet to verify; set both, or neither to verify the"
                        + " mesh as found");
            }
        } else if (mode == Mode.K3S) {
            for (String key : List.of(Keys.PRIMARY_KUBECONFIG, Keys.PRIMARY_CONTEXT, Keys.REMOTE_KUBECONFIG,
                    Keys.REMOTE_CONTEXT, Keys.REMOTE_SERVER, Keys.EXISTING_INSTALL, Keys.EXISTING_ATTACH,
                    Keys.INGRESS_SELECTOR)) {
                if (r.given(key)) {
                    r.warnings.add(key + " is ignored when " + Keys.MODE + "=k3s (the harness starts its own"
                            + " clusters); set " + Keys.MODE + "=existing to test the clusters it points at");
                }
            }
        }
    }

    // ---- accessors ----

    public Path topology() {
        return topology;
    }

    public Mode mode() {
        return mode;
    }

    public String k3sImage() {
        return k3sImage;
    }

    /** The subnet for the clusters' Docker network; empty means the harness picks a free one. */
    public Optional<Cidr> networkSubnet() {
        return networkSubnet;
    }

    public IstioVersion istioVersion() {
        return istioVersion;
    }

    public ChartSource istioCharts() {
        return istioCharts;
    }

    public String bookinfoRegistry() {
        return bookinfoRegistry;
    }

    public String bookinfoTag() {
        return bookinfoTag;
    }

    public Optional<URI> imagesMirror() {
        return imagesMirror;
    }

    public Optional<Path> imagesPreload() {
        return imagesPreload;
    }

    public Optional<Path> primaryKubeconfig() {
        return primaryKubeconfig;
    }

    public Optional<String> primaryContext() {
        return primaryContext;
    }

    public Optional<Path> remoteKubeconfig() {
        return remoteKubeconfig;
    }

    public Optional<String> remoteContext() {
        return remoteContext;
    }

    /**
     * The remote's API server URL for the remote secret in existing mode; empty means the server of
     * {@code mesh.remote.kubeconfig}.
     */
    public Optional<URI> remoteServer() {
        return remoteServer;
    }

    /** Whether this run installs Istio itself: always with k3s, on request with existing clusters. */
    public boolean installsIstio() {
        return mode != Mode.EXISTING || existingInstall;
    }

    /** Whether this run creates the remote attachment itself: always with k3s, on request with existing clusters. */
    public boolean attachesRemote() {
        return mode != Mode.EXISTING || existingAttach;
    }

    /**
     * The labels of the user's ingress gateway pods (mesh.ingress.selector); used where the run does not install
     * Istio itself.
     */
    public LabelSelector ingressSelector() {
        return ingressSelector;
    }

    /** The namespace of the application the doctor checks for the {@code details} Service in the primary. */
    public String doctorNamespace() {
        return doctorNamespace;
    }

    public boolean keepOnFailure() {
        return keepOnFailure;
    }

    public Path results() {
        return results;
    }

    /** How many consecutive /productpage requests must show the details for the page verdict. */
    public int verdictSuccesses() {
        return verdictSuccesses;
    }

    public Duration timeout(StageTimeout stage) {
        return timeouts.get(stage);
    }

    /** Every setting as this run uses it, secrets redacted, in the README's order. */
    public List<Effective> effective() {
        return effective;
    }

    /** Things worth telling the user that do not stop the run (an ignored setting, an unknown MESH_ variable). */
    public List<String> warnings() {
        return warnings;
    }

    /** A table for the log: key, value, origin. */
    public String describe() {
        int width = effective.stream().mapToInt(e -> e.key().length()).max().orElse(10);
        return effective.stream()
                .map(e -> String.format("  %-" + width + "s = %s  (%s)", e.key(), e.value(), e.origin()))
                .collect(Collectors.joining("\n", "Effective settings:\n", "\n"));
    }

    /** Writes the effective settings as {@code mesh-settings.properties} into {@code directory}. */
    public Path writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        StringBuilder text = new StringBuilder("# Effective settings of this run (secrets redacted)\n");
        for (Effective e : effective) {
            text.append("# from ").append(e.origin()).append('\n')
                    .append(e.key()).append('=').append(escape(e.value())).append('\n');
        }
        Path file = directory.resolve("mesh-settings.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace(":", "\\:").replace("=", "\\=");
    }

    /** Reads keys one by one, remembering what was used and every problem. */
    private static final class Reader {
        private final SettingSource source;
        private final List<String> problems = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<Effective> effective = new ArrayList<>();
        private final List<String> known = new ArrayList<>();

        Reader(SettingSource source) {
            this.source = source;
        }

        boolean given(String key) {
            return source.lookup(key).isPresent();
        }

        <T> T read(String key, String defaultText, Function<String, T> parse, Function<T, String> show) {
            known.add(key);
            Optional<SettingSource.Raw> raw = source.lookup(key);
            String text = raw.map(SettingSource.Raw::value).orElse(defaultText);
            String origin = raw.map(SettingSource.Raw::origin).orElse("default");
            try {
                T value = parse.apply(text);
                effective.add(new Effective(key, show.apply(value), origin));
                return value;
            } catch (IllegalArgumentException e) {
                problems.add(key + " = '" + Redaction.uriText(text) + "' (from " + origin + ") " + e.getMessage());
                return null;
            }
        }

        <T> Optional<T> readOptional(String key, Function<String, T> parse, Function<T, String> show) {
            known.add(key);
            Optional<SettingSource.Raw> raw = source.lookup(key);
            if (raw.isEmpty()) {
                effective.add(new Effective(key, "(not set)", "default"));
                return Optional.empty();
            }
            try {
                T value = parse.apply(raw.get().value());
                effective.add(new Effective(key, show.apply(value), raw.get().origin()));
                return Optional.of(value);
            } catch (IllegalArgumentException e) {
                problems.add(key + " = '" + Redaction.uriText(raw.get().value()) + "' (from " + raw.get().origin()
                        + ") " + e.getMessage());
                return null;
            }
        }

        void rejectUnknownKeys() {
            for (String key : source.givenKeys()) {
                if (!known.contains(key)) {
                    problems.add("-D" + key + " is not a setting of this harness" + closest(key)
                            + "; the README lists every setting");
                }
            }
            List<String> knownEnv = known.stream().map(SettingSource::environmentName).toList();
            for (String name : source.givenEnvironmentNames()) {
                if (!knownEnv.contains(name)) {
                    // Only a warning: unrelated tools may also use MESH_ variables.
                    warnings.add("environment variable " + name + " is not a setting of this harness and is ignored");
                }
            }
        }

        private String closest(String key) {
            return Suggest.closest(key, known, 3).map(k -> " (did you mean " + k + "?)").orElse("");
        }

        void throwIfInvalid() {
            if (!problems.isEmpty()) {
                throw new InvalidSettingsException(problems);
            }
        }
    }
}
