package io.meshconformance.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.meshconformance.text.Redaction;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.TopologyLoader;

/**
 * Every setting of the harness as one run uses it, typed, and which key, default and parser gives each. A setting
 * is read from {@code -Dmesh.x.y} or the environment variable {@code MESH_X_Y} (the property wins); all bad values
 * are reported together, each naming the key, the value, where it came from and the form expected. The README's
 * settings table lists the same keys ({@link Keys}).
 *
 * @param istioNamespace the namespace of istiod (mesh.istio.namespace): where the run looks for the user's control
 *     plane, in the primary and (the same name) in every remote; {@code istio-system} when the run installs Istio
 * @param istioRevision the Istio revision or revision tag the run uses (mesh.istio.revision); empty means the one
 *     found in the primary (its only istiod, or the one the {@code default} tag points at); always empty when the
 *     run installs Istio, which it does without a revision
 * @param networkSubnet the subnet for the clusters' Docker network; empty means the harness picks a free one
 * @param remoteServer the remote's API server URL for the remote secret in existing mode; empty means the server
 *     of {@code mesh.remote.kubeconfig}
 * @param installsIstio whether this run installs Istio itself: always with k3s, on request with existing clusters
 * @param attachesRemote whether this run creates the remote attachment itself: always with k3s, on request with
 *     existing clusters
 * @param doctorNamespace the namespace of the application the doctor checks for the {@code details} Service in
 *     the primary
 * @param ingressSelector the labels of the user's ingress gateway pods (mesh.ingress.selector); used where the run
 *     does not install Istio itself
 * @param reuse whether a passing run keeps its clusters, Istio and the attachment for the next run with the same
 *     fingerprint, and a run reuses such a kept mesh (mesh.reuse; k3s mode only)
 * @param verdictSuccesses how many consecutive /productpage requests must show the details for the page verdict
 * @param timeouts the bounded wait of every stage
 * @param report the values as used, with their origins, and the warnings, for the user
 */
public record MeshSettings(
        Path topology,
        Mode mode,
        String k3sImage,
        Optional<Cidr> networkSubnet,
        IstioVersion istioVersion,
        ChartSource istioCharts,
        String istioNamespace,
        Optional<String> istioRevision,
        String bookinfoRegistry,
        String bookinfoTag,
        Optional<URI> imagesMirror,
        Optional<Path> imagesPreload,
        Optional<Path> primaryKubeconfig,
        Optional<String> primaryContext,
        Optional<Path> remoteKubeconfig,
        Optional<String> remoteContext,
        Optional<URI> remoteServer,
        boolean installsIstio,
        boolean attachesRemote,
        String doctorNamespace,
        LabelSelector ingressSelector,
        boolean keepOnFailure,
        boolean reuse,
        Path results,
        int verdictSuccesses,
        Map<StageTimeout, Duration> timeouts,
        SettingsReport report) {

    public static final String DEFAULT_TOPOLOGY = "fixtures/topologies/default.yaml";
    /**
     * k3s v1.35.4+k3s1 (github.com/k3s-io/k3s releases; the image tags on Docker Hub write '+' as '-'); Kubernetes
     * 1.35 is supported by Istio 1.30.
     */
    public static final String DEFAULT_K3S_IMAGE = "rancher/k3s:v1.35.4-k3s1";
    /**
     * The newest Istio release when this was written (github.com/istio/istio releases); supports Kubernetes 1.32
     * to 1.36.
     */
    public static final String DEFAULT_ISTIO_VERSION = "1.30.3";
    public static final String DEFAULT_ISTIO_CHARTS = "https://istio-release.storage.googleapis.com/charts";
    /** Where Istio's charts and istioctl install the control plane by default, and where the harness installs it. */
    public static final String DEFAULT_ISTIO_NAMESPACE = "istio-system";
    /** Bookinfo images docker.io/istio/examples-bookinfo-*:1.20.3 (istio/istio samples/bookinfo). */
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

    /**
     * Checks only what the accessors promise: a timeout for every stage, and that k3s mode builds the whole mesh.
     * Whether the values go together is {@link #from}'s question, as only it knows where they came from.
     */
    public MeshSettings {
        if (!timeouts.keySet().containsAll(EnumSet.allOf(StageTimeout.class))) {
            throw new IllegalArgumentException("timeouts has " + timeouts.keySet() + " but needs every stage of "
                    + EnumSet.allOf(StageTimeout.class));
        }
        timeouts = Collections.unmodifiableMap(new EnumMap<>(timeouts));
        if (mode == Mode.K3S && !(installsIstio && attachesRemote)) {
            throw new IllegalArgumentException("mode k3s starts its own clusters, so it installs Istio and attaches the"
                    + " remote itself: installsIstio and attachesRemote must be true");
        }
        if (installsIstio && !(DEFAULT_ISTIO_NAMESPACE.equals(istioNamespace) && istioRevision.isEmpty())) {
            throw new IllegalArgumentException("a run that installs Istio installs it into " + DEFAULT_ISTIO_NAMESPACE
                    + " without a revision: istioNamespace must be " + DEFAULT_ISTIO_NAMESPACE
                    + " and istioRevision empty");
        }
        if (reuse && mode != Mode.K3S) {
            throw new IllegalArgumentException("only k3s mode keeps clusters for reuse: reuse must be false in "
                    + mode + " mode");
        }
        Objects.requireNonNull(report, "report");
    }

    /** Reads the settings of this JVM (system properties, then environment). */
    public static MeshSettings fromSystem() {
        return from(SettingSource.system());
    }

    /**
     * Reads every setting from {@code source}, in the README's order, then the rules between them.
     *
     * @throws InvalidSettingsException naming every problem found, not just the first
     */
    public static MeshSettings from(SettingSource source) {
        SettingsReader r = new SettingsReader(source);
        Path topology = r.read(Keys.TOPOLOGY, DEFAULT_TOPOLOGY, t -> SettingParsers.file(t, TopologyLoader.FILE),
                Path::toString);
        Mode mode = r.read(Keys.MODE, "k3s", SettingParsers::mode, m -> m.name().toLowerCase(Locale.ROOT));
        String k3sImage = r.read(Keys.K3S_IMAGE, DEFAULT_K3S_IMAGE, SettingParsers::k3sImage, Function.identity());
        Optional<Cidr> subnet = r.readOptional(Keys.NETWORK_SUBNET, SettingParsers::subnet, Cidr::toString);
        IstioVersion version = r.read(Keys.ISTIO_VERSION, DEFAULT_ISTIO_VERSION, SettingParsers::istioVersion,
                IstioVersion::toString);
        ChartSource charts = r.read(Keys.ISTIO_CHARTS, DEFAULT_ISTIO_CHARTS, ChartSource::parse,
                ChartSource::toString);
        String istioNamespace = r.read(Keys.ISTIO_NAMESPACE, DEFAULT_ISTIO_NAMESPACE, SettingParsers::istioNamespace,
                Function.identity());
        Optional<String> istioRevision = r.readOptional(Keys.ISTIO_REVISION, SettingParsers::revision,
                Function.identity());
        String registry = r.read(Keys.BOOKINFO_REGISTRY, DEFAULT_BOOKINFO_REGISTRY, SettingParsers::registry,
                Function.identity());
        String tag = r.read(Keys.BOOKINFO_TAG, DEFAULT_BOOKINFO_TAG, SettingParsers::tag, Function.identity());
        Optional<URI> mirror = r.readOptional(Keys.IMAGES_MIRROR, SettingParsers::mirror, Redaction::uri);
        Optional<Path> preload = r.readOptional(Keys.IMAGES_PRELOAD, SettingParsers::preloadDirectory,
                Path::toString);
        Optional<Path> primaryKubeconfig = r.readOptional(Keys.PRIMARY_KUBECONFIG, SettingParsers::kubeconfig,
                Path::toString);
        Optional<String> primaryContext = r.readOptional(Keys.PRIMARY_CONTEXT, Function.identity(),
                Function.identity());
        Optional<Path> remoteKubeconfig = r.readOptional(Keys.REMOTE_KUBECONFIG, SettingParsers::kubeconfig,
                Path::toString);
        Optional<String> remoteContext = r.readOptional(Keys.REMOTE_CONTEXT, Function.identity(),
                Function.identity());
        Optional<URI> remoteServer = r.readOptional(Keys.REMOTE_SERVER, SettingParsers::apiServer, Redaction::uri);
        boolean install = isTrue(r.read(Keys.EXISTING_INSTALL, "false", SettingParsers::bool, String::valueOf));
        boolean attach = isTrue(r.read(Keys.EXISTING_ATTACH, "false", SettingParsers::bool, String::valueOf));
        String doctorNamespace = r.read(Keys.DOCTOR_NAMESPACE, DEFAULT_DOCTOR_NAMESPACE, SettingParsers::namespace,
                Function.identity());
        LabelSelector ingressSelector = r.read(Keys.INGRESS_SELECTOR, DEFAULT_INGRESS_SELECTOR,
                SettingParsers::labelSelector, LabelSelector::toString);
        boolean keep = isTrue(r.read(Keys.KEEP_ON_FAILURE, "false", SettingParsers::bool, String::valueOf));
        boolean reuse = isTrue(r.read(Keys.REUSE, "false", SettingParsers::bool, String::valueOf));
        Path results = r.read(Keys.RESULTS, DEFAULT_RESULTS, SettingParsers::results, Path::toString);
        Integer successes = r.read(Keys.VERDICT_SUCCESSES, "5", SettingParsers::successes, String::valueOf);
        Map<StageTimeout, Duration> timeouts = new EnumMap<>(StageTimeout.class);
        for (StageTimeout stage : StageTimeout.values()) {
            timeouts.put(stage, r.read(stage.settingKey(), Durations.format(stage.defaultTimeout()),
                    Durations::parse, Durations::format));
        }
        r.problems(SettingRules.chartArchives(charts, version));
        r.problems(SettingRules.existingMode(mode, primaryKubeconfig, remoteKubeconfig, install, attach));
        r.problems(SettingRules.installedControlPlane(mode, install, istioNamespace, istioRevision));
        r.problems(SettingRules.reuse(mode, reuse));
        r.warnings(SettingRules.ignored(mode, install, r::given));
        r.rejectUnknownKeys();
        r.throwIfInvalid();
        boolean existing = mode == Mode.EXISTING;
        return new MeshSettings(topology, mode, k3sImage, subnet, version, charts, istioNamespace, istioRevision,
                registry, tag, mirror, preload,
                primaryKubeconfig, primaryContext, remoteKubeconfig, remoteContext, remoteServer,
                !existing || install, !existing || attach, doctorNamespace, ingressSelector, keep, reuse, results,
                successes, timeouts, r.report());
    }

    /** A flag whose text did not parse is null here; it is reported already and counts as false meanwhile. */
    private static boolean isTrue(Boolean flag) {
        return Boolean.TRUE.equals(flag);
    }

    public Duration timeout(StageTimeout stage) {
        return timeouts.get(stage);
    }

    /** Every setting as this run uses it, secrets redacted, in the README's order. */
    public List<Effective> effective() {
        return report.effective();
    }

    /** Things worth telling the user that do not stop the run (an ignored setting, an unknown MESH_ variable). */
    public List<String> warnings() {
        return report.warnings();
    }

    /** A table for the log: key, value, origin. */
    public String describe() {
        return report.describe();
    }

    /** Writes the effective settings as {@code mesh-settings.properties} into {@code directory}. */
    public Path writeTo(Path directory) throws IOException {
        return report.writeTo(directory);
    }

    /** The redacted values: the generated form would show the mirror URL with its credentials. */
    @Override
    public String toString() {
        return effective().stream().map(e -> e.key() + "=" + e.value())
                .collect(Collectors.joining(", ", "MeshSettings[", "]"));
    }
}
