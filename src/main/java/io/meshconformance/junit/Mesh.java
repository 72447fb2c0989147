package io.meshconformance.junit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.meshconformance.bookinfo.BookinfoDeployer;
import io.meshconformance.bookinfo.BookinfoDeployment;
import io.meshconformance.bookinfo.BookinfoEvidence;
import io.meshconformance.bookinfo.CrossNetworkVerdict;
import io.meshconformance.bookinfo.PageVerdict;
import io.meshconformance.bookinfo.PageAccess;
import io.meshconformance.bookinfo.ProductPageView;
import io.meshconformance.bookinfo.RegistryVerdict;
import io.meshconformance.cluster.ClusterOrigin;
import io.meshconformance.cluster.ClusterProvider;
import io.meshconformance.cluster.KeptMesh;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.cluster.MeshFingerprint;
import io.meshconformance.cluster.NamespaceEvidence;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.StageTimeout;
import io.meshconformance.diagnostics.Diagnostics;
import io.meshconformance.diagnostics.ReportEnvironment;
import io.meshconformance.doctor.Check;
import io.meshconformance.doctor.CheckResult;
import io.meshconformance.doctor.DoctorReport;
import io.meshconformance.doctor.PreflightDoctor;
import io.meshconformance.doctor.PreflightFailedException;
import io.meshconformance.istio.Attachment;
import io.meshconformance.istio.AttachCheck;
import io.meshconformance.istio.ControlPlane;
import io.meshconformance.istio.ControlPlaneFinder;
import io.meshconformance.istio.ExecIstiodDebug;
import io.meshconformance.istio.ChartInstaller;
import io.meshconformance.istio.IstioInstaller;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.IstiodEvidence;
import io.meshconformance.istio.IstiodLocator;
import io.meshconformance.istio.NetworkGateway;
import io.meshconformance.istio.NetworkGateways;
import io.meshconformance.istio.ProxyAdmin;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.istio.RemoteAttacher;
import io.meshconformance.istio.RemoteProfile;
import io.meshconformance.junit.StageRunner.StageBody;
import io.meshconformance.junit.StageRunner.StageCall;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.topology.MeshTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API the conformance suite is written in, and only that (its length is one method per piece of stage work):
 * each method does one stage's work on the values earlier stages returned and returns what it made (the clusters,
 * the control plane, the Bookinfo deployment), attaching to the report what it applied and what it read, and
 * registering the evidence of what it made for a later failure. {@link #stage} runs a stage; {@link MeshExtension}
 * makes one Mesh per test class and closes it.
 */
public final class Mesh {

    private static final Logger LOG = LoggerFactory.getLogger(Mesh.class);
    /** The propagation chains of stages.json: the remote secret to sync; details ready to the page showing it. */
    static final String ATTACH = "attach";
    static final String DETAILS = "details";

    private final MeshSettings settings;
    private final MeshTopology topology;
    private final RunId run;
    private final ClusterProvider provider;
    private final IstiodLocator istiod;
    private final PageAccess pages;
    private final ProxyAdmin proxies;
    private final Diagnostics diagnostics = new Diagnostics();
    private final StageRunner stages = new StageRunner(diagnostics);
    private final ChartInstaller charts;
    private final BookinfoDeployer bookinfo;
    private final Path allureResults;
    /** The fingerprint of the mesh this run builds, under mesh.reuse. */
    private final Optional<MeshFingerprint> fingerprint;
    /** What the kept part of the mesh holds, line by line, as the stages make it (for the kept mesh's record). */
    private final List<String> holds = new ArrayList<>();
    private MeshClusters started;
    private Instant startedAt;
    /** The doctor's report on a kept mesh, which proved it healthy: stage 1's preflight on a warm run. */
    private DoctorReport keptHealth;
    /** What the reused stages say of the kept mesh, worded once when it is found so that every stage says the same. */
    private String keptBy = "";

    /**
     * @param provider makes the clusters (k3s, or the user's)
     * @param environment the charts installer, istiod's debug endpoints and the page, as the run reaches them
     */
    Mesh(MeshSettings settings, MeshTopology topology, RunId run, ClusterProvider provider,
         MeshEnvironment environment) {
        this.settings = settings;
        this.topology = topology;
        this.run = run;
        this.provider = provider;
        this.istiod = environment.istiod();
        this.pages = environment.pages();
        this.proxies = environment.proxies();
        this.charts = environment.charts(settings);
        this.allureResults = environment.allureResults();
        this.fingerprint = settings.reuse() ? Optional.of(ReuseFingerprint.of(settings, topology)) : Optional.empty();
        this.bookinfo = new BookinfoDeployer(settings.bookinfoRegistry(), settings.bookinfoTag(), run,
                settings.timeout(StageTimeout.BOOKINFO),
                IstioPlan.ingressPods(settings.installsIstio(), settings.ingressSelector()));
    }

    // ---- running stages ----

    /** Runs a stage that makes something, and returns it ({@link StageRunner#run(String, Layer, StageCall)}). */
    public <T> T stage(String name, Layer layer, StageCall<T> body) {
        return stages.run(name, layer, body);
    }

    /** Runs a stage that makes nothing. */
    public void stage(String name, Layer layer, StageBody body) {
        stages.run(name, layer, body);
    }

    /** Whether this run installs Istio (k3s mode, or mesh.existing.install=true) rather than verifying it. */
    public boolean installsIstio() {
        return settings.installsIstio();
    }

    /** Whether this run attaches the remote (k3s mode, or mesh.existing.attach=true) rather than verifying it. */
    public boolean attachesRemote() {
        return settings.attachesRemote();
    }

    /**
     * The mesh model the run tests, as the report groups runs (Allure's epic): primary-remote on one network, or on
     * several (istio.io's two primary-remote pages).
     */
    public String model() {
        return "Istio primary-remote, " + (spansNetworks() ? "several networks" : "one network");
    }

    /** Whether the topology puts clusters on more than one network (east-west gateways carry the traffic between). */
    public boolean spansNetworks() {
        return topology.spansNetworks();
    }

    public MeshSettings settings() {
        return settings;
    }

    // ---- stage 1: clusters and the preflight doctor ----

    /**
     * Starts (or reaches) the clusters; what the run creates in them goes when the run ends. Under mesh.reuse, a kept
     * mesh of this run's fingerprint is reused when the doctor finds nothing wrong with it; one it finds fault with
     * is removed and the clusters started afresh, the reason logged, attached and written into stages.json.
     */
    public MeshClusters startClusters() {
        startedAt = Instant.now();
        MeshClusters clusters = fingerprint.map(f -> provider.reuseOrStart(topology, f))
                .orElseGet(() -> provider.start(topology));
        started = clusters; // closed at the end whatever happens next
        if (clusters.origin().warm()) {
            DoctorReport health = doctor(clusters);
            if (health.failed()) {
                String why = "kept mesh " + fingerprint.orElseThrow().hash() + " of run " + clusters.origin().kept()
                        .orElseThrow().madeBy() + " is not healthy, the doctor found: "
                        + health.failures().stream().map(r -> r.check() + " [" + r.scope() + "] " + r.evidence())
                        .collect(Collectors.joining("; "));
                LOG.warn("{}; removing it and starting afresh", why);
                Attachments.attach("kept mesh not reused: the doctor's table", "text/plain", health.table());
                clusters.close();
                started = null;
                clusters = provider.restart(topology, fingerprint.orElseThrow(), List.of(why));
            } else {
                keptHealth = health;
                KeptMesh kept = clusters.origin().kept().orElseThrow();
                keptBy = "made by run " + kept.madeBy() + ", " + kept.age(startedAt) + " before this run";
            }
        }
        started = clusters;
        origin(clusters);
        String ready = clusters.origin().warm() ? " reached" : " ready";
        clusters.startupTimes().forEach((cluster, took) -> stages.figure("cluster " + cluster + ready, took));
        for (MeshCluster cluster : clusters.all()) {
            diagnostics.add(cluster.name() + ": " + settings.istioNamespace(), new NamespaceEvidence(cluster,
                    settings.istioNamespace()));
        }
        if (!settings.installsIstio() || clusters.origin().warm()) {
            // The user's istiod is there from the start: its view explains any failure. Which one is found when
            // the evidence is read, so that a control plane the doctor could not find is said there too.
            MeshCluster primary = clusters.primary();
            diagnostics.add("istiod in '" + primary.name() + "'", new IstiodEvidence(path -> istiod.in(primary,
                    userControlPlane(primary), ExecIstiodDebug.QUICK_READ).get(path), spansNetworks()));
        }
        return clusters;
    }

    /**
     * The preflight doctor on the clusters as they are now: every result is an Allure step (failed for a FAIL), the
     * table is attached and logged. It changes nothing. A FAIL throws, naming every failed check.
     */
    public DoctorReport preflight(MeshClusters clusters) {
        DoctorReport report = clusters == started && keptHealth != null ? keptHealth : doctor(clusters);
        DoctorSteps.report(report);
        LOG.info("Preflight doctor:\n{}", report.table());
        if (report.failed()) {
            throw new PreflightFailedException(report);
        }
        return report;
    }

    /**
     * The doctor, expecting what this run will make itself; on a kept mesh it expects Istio and the attachment in
     * place, as the harness made them (istio-system, no revision, its ingress gateway).
     */
    private DoctorReport doctor(MeshClusters clusters) {
        PreflightDoctor.Expectations expect = clusters.origin().warm()
                ? new PreflightDoctor.Expectations(false, false, settings.doctorNamespace())
                : PreflightDoctor.Expectations.of(settings);
        return new PreflightDoctor(clusters.primary(), clusters.remotes(),
                controlPlane -> istiod.in(clusters.primary(), controlPlane, ExecIstiodDebug.QUICK_READ), expect,
                Optional.of(run)).run(step -> LOG.info("Preflight doctor: checking {}", step));
    }

    /**
     * Whether {@code clusters} are a kept mesh this run reuses (mesh.reuse): Istio and the attachment are then
     * verified as kept, not made. False before the clusters exist.
     */
    public boolean reused(MeshClusters clusters) {
        return clusters != null && clusters.origin().warm();
    }

    /** "made by run X, 12 min before this run": what a reused stage names, or empty when nothing is reused. */
    public String keptBy(MeshClusters clusters) {
        return reused(clusters) ? keptBy : "";
    }

    /** Says where the clusters came from: the log, stage 1's attachments, the report's environment, stages.json. */
    private void origin(MeshClusters clusters) {
        ClusterOrigin origin = clusters.origin();
        String text = origin.describe(Instant.now());
        LOG.info("Clusters of run {}: {}", run, text);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("id", run.value());
        facts.put("kind", origin.kind().label());
        fingerprint.ifPresent(f -> facts.put("fingerprint", f.hash()));
        origin.kept().ifPresent(k -> {
            facts.put("reusedFrom", k.madeBy());
            facts.put("keptSince", k.madeAt().toString());
            facts.put("ageSeconds", Duration.between(k.madeAt(), Instant.now()).toSeconds());
        });
        if (!origin.reasons().isEmpty()) {
            facts.put("reasons", origin.reasons());
        }
        stages.runFacts(facts);
        if (fingerprint.isPresent()) {
            Attachments.attach("run kind (mesh.reuse)", "text/plain", text + "\nfingerprint "
                    + fingerprint.get().hash() + ":\n" + fingerprint.get().parts().entrySet().stream()
                    .map(e -> "  " + e.getKey() + ": " + e.getValue().replace("\n", "\n    "))
                    .collect(Collectors.joining("\n")) + "\n");
        }
        try {
            ReportEnvironment.add(allureResults, "run.kind", origin.kind().label() + origin.kept()
                    .map(k -> " (mesh " + k.fingerprint() + " of run " + k.madeBy() + ")").orElse(""));
        } catch (IOException e) {
            LOG.warn("Could not add the run's kind to the report's environment: {}", e.toString());
        }
    }

    // ---- stages 2 and 3: Istio ----

    /** Istio in the primary, istiod exposed to the remotes; the Helm values are attached. */
    public ControlPlane installPrimary(MeshClusters clusters) {
        ControlPlane controlPlane = istioInstaller().installPrimary(made(clusters, "clusters").primary(),
                clusters.meshObjects());
        holds.add("Istio in '" + clusters.primary().name() + "': " + controlPlane.releases().stream()
                .map(r -> r.release().name()).collect(Collectors.joining(", ")));
        observe(clusters, controlPlane.istiod());
        serving(controlPlane.istiod());
        controlPlane.releases().forEach(Attachments::helmValues);
        Attachments.attach("remotePilotAddress", "text/plain", controlPlane.remotePilotAddress());
        return controlPlane;
    }

    /**
     * The primary's Istio as found, which the doctor's {@code istio-primary} check must have passed: the revision of
     * istiod in mesh.istio.namespace that the run uses is logged, attached, and written into the report's
     * environment.
     */
    public ControlPlane verifiedPrimary(MeshClusters clusters, DoctorReport preflight) {
        verifiedByDoctor(made(preflight, "preflight report"), Check.ISTIO_PRIMARY, made(clusters, "clusters").primary());
        IstiodRevision found = userControlPlane(clusters.primary());
        serving(found);
        return ControlPlane.verified(clusters.primary().name(), found);
    }

    /** The remote profile in every remote, led by {@code controlPlane}; the Helm values are attached. */
    public List<RemoteProfile> installRemotes(MeshClusters clusters, ControlPlane controlPlane) {
        IstioInstaller installer = istioInstaller();
        List<RemoteProfile> profiles = new ArrayList<>();
        for (MeshCluster remote : made(clusters, "clusters").remotes()) {
            RemoteProfile profile = installer.installRemote(remote, made(controlPlane, "control plane"),
                    clusters.meshObjects());
            holds.add("Istio remote profile in '" + remote.name() + "': " + profile.releases().stream()
                    .map(r -> r.release().name()).collect(Collectors.joining(", ")));
            profile.releases().forEach(Attachments::helmValues);
            profiles.add(profile);
        }
        return profiles;
    }

    /** Every remote's profile as found, which the doctor's {@code istio-remote} check must have passed. */
    public List<RemoteProfile> verifiedRemotes(MeshClusters clusters, DoctorReport preflight) {
        List<RemoteProfile> profiles = new ArrayList<>();
        for (MeshCluster remote : made(clusters, "clusters").remotes()) {
            verifiedByDoctor(made(preflight, "preflight report"), Check.ISTIO_REMOTE, remote);
            profiles.add(new RemoteProfile(remote.name(), List.of()));
        }
        return profiles;
    }

    // ---- stage 4: Bookinfo without details ----

    /**
     * The run's namespace in every cluster, and in the primary Bookinfo without details (its Service only) and the
     * run's Gateway; applied, not yet waited for. The manifests as applied are attached.
     */
    public BookinfoDeployment deployBookinfo(MeshClusters clusters, ControlPlane controlPlane) {
        IstiodRevision istiodRevision = made(controlPlane, "control plane").istiod();
        BookinfoDeployment deployment = bookinfo.deployment(istiodRevision);
        for (MeshCluster cluster : made(clusters, "clusters").all()) {
            bookinfo.createNamespace(cluster, istiodRevision, clusters.objects());
            diagnostics.add(cluster.name() + ": " + deployment.namespace(),
                    new NamespaceEvidence(cluster, deployment.namespace()));
        }
        diagnostics.add("Bookinfo as istiod and productpage's sidecar see it", new BookinfoEvidence(clusters.primary(),
                istiod.in(clusters.primary(), istiodRevision, ExecIstiodDebug.QUICK_READ), proxies,
                deployment.namespace(), istiodRevision.injectionLabel()));
        bookinfo.apply(clusters.primary(), List.of(BookinfoDeployer.PRIMARY, BookinfoDeployer.GATEWAY),
                clusters.objects());
        Attachments.attach("bookinfo/primary.yaml and gateway.yaml (as applied)", "text/yaml",
                bookinfo.render(BookinfoDeployer.PRIMARY) + "---\n" + bookinfo.render(BookinfoDeployer.GATEWAY));
        return deployment;
    }

    /** Waits until the run's Bookinfo Deployments in {@code cluster} are ready. */
    public void awaitReady(MeshCluster cluster) {
        bookinfo.awaitReady(cluster);
        if (!cluster.spec().isPrimary()) {
            stages.mark(DETAILS, "details-v1 ready in '" + cluster.name() + "'");
        }
    }

    /** /productpage is served and shows the details error; the page's details part is attached. */
    public ProductPageView awaitDetailsError(MeshClusters clusters, BookinfoDeployment deployment) {
        try (PageAccess.Page page = page(clusters, deployment)) {
            return Attachments.page(PageVerdict.awaitDetailsError(page, settings.timeout(StageTimeout.VERDICT)));
        }
    }

    // ---- stage 5: attach ----

    /** Every remote attached to the primary, and reported synced by istiod. */
    public List<Attachment> attachRemotes(MeshClusters clusters, ControlPlane controlPlane) {
        String namespace = made(controlPlane, "control plane").istiod().namespace();
        RemoteAttacher attacher = new RemoteAttacher(settings.timeout(StageTimeout.ATTACH), run, namespace);
        List<Attachment> attachments = new ArrayList<>();
        for (MeshCluster remote : made(clusters, "clusters").remotes()) {
            Attachment attachment = attacher.attach(clusters.primary(), remote, clusters.meshObjects());
            holds.add("remote secret " + namespace + "/" + attachment.secretName() + " in '" + attachment.primary()
                    + "' attaching '" + remote.name() + "'");
            stages.mark(ATTACH, "remote secret for '" + remote.name() + "' created in '" + attachment.primary() + "'");
            Attachments.attach("remote secret", "text/plain", namespace + "/" + attachment.secretName()
                    + " in cluster '" + attachment.primary() + "', server " + attachment.server()
                    + " (its kubeconfig holds a token and is not attached)");
            awaitSynced(clusters, controlPlane, remote);
            attachments.add(attachment);
        }
        return attachments;
    }

    /**
     * For every remote on a network without the primary (istio.io "Install Primary-Remote on different networks",
     * after the remote is attached): that network's east-west gateway, and then, in the primary, the Gateway that
     * exposes the mesh's services on the east-west gateways. Nothing on one network. The values and the gateways'
     * addresses are attached.
     */
    public List<NetworkGateway> connectNetworks(MeshClusters clusters) {
        IstioInstaller installer = istioInstaller();
        List<NetworkGateway> gateways = new ArrayList<>();
        MeshCluster primary = made(clusters, "clusters").primary();
        for (MeshCluster remote : clusters.remotes()) {
            if (IstioPlan.ownsNetworkGateway(remote.spec(), primary.spec())) {
                IstioInstaller.GatewayInstalled installed = installer.installNetworkGateway(remote,
                        clusters.meshObjects());
                holds.add("east-west gateway of network '" + remote.network() + "' in '" + remote.name() + "'");
                Attachments.helmValues(installed.release());
                stages.mark(ATTACH, "east-west gateway of network '" + remote.network() + "' at "
                        + installed.gateway().endpoint());
                gateways.add(installed.gateway());
            }
        }
        if (!gateways.isEmpty()) {
            installer.exposeServices(primary, clusters.meshObjects());
            holds.add("cross-network Gateway in '" + primary.name() + "'");
            Attachments.attach("network gateways", "text/plain", gateways.stream().map(NetworkGateway::toString)
                    .collect(Collectors.joining("\n", "", "\n")) + "cross-network Gateway applied in '"
                    + primary.name() + "': " + IstioInstaller.EXPOSE_SERVICES + "\n");
        }
        return gateways;
    }

    /** The remotes attached as found: istiod reports every one synced. */
    public void awaitRemotesSynced(MeshClusters clusters, ControlPlane controlPlane) {
        for (MeshCluster remote : made(clusters, "clusters").remotes()) {
            awaitSynced(clusters, controlPlane, remote);
        }
    }

    // ---- stage 6: details in the remote ----

    /** details (Service and Deployment) in the run's namespace of {@code remote}; applied, attached. */
    public void deployDetails(MeshClusters clusters, MeshCluster remote) {
        bookinfo.apply(remote, List.of(BookinfoDeployer.REMOTE), made(clusters, "clusters").objects());
        Attachments.attach("bookinfo/remote.yaml (as applied in '" + remote.name() + "')", "text/yaml",
                bookinfo.render(BookinfoDeployer.REMOTE));
    }

    // ---- stages 7 and 8: the verdicts ----

    /** Verdict 1: istiod's registry holds details with endpoints from every remote; the shards are attached. */
    public void awaitRegistryVerdict(MeshClusters clusters, BookinfoDeployment deployment) {
        IstiodDebug debug = verdictIstiod(made(clusters, "clusters"), made(deployment, "Bookinfo deployment")
                .controlPlane());
        MeshCluster primary = clusters.primary();
        for (MeshCluster remote : clusters.remotes()) {
            RegistryVerdict.await(debug, made(deployment, "Bookinfo deployment").namespace(), remote.spec(),
                    primary.spec(), settings.timeout(StageTimeout.VERDICT), what -> stages.mark(DETAILS, what));
        }
        Attachments.attach("endpointShardz extract", "text/plain",
                RegistryVerdict.evidence(debug, deployment.namespace()));
        for (MeshCluster remote : clusters.remotes()) {
            if (!remote.network().equals(primary.network())) {
                awaitCrossNetwork(clusters, remote, deployment.namespace());
            }
        }
    }

    /** Verdict 2: /productpage shows the book details in mesh.verdict.successes consecutive requests. */
    public ProductPageView awaitPageVerdict(MeshClusters clusters, BookinfoDeployment deployment) {
        try (PageAccess.Page page = page(clusters, deployment)) {
            ProductPageView view = Attachments.page(PageVerdict.awaitDetails(page, settings.verdictSuccesses(),
                    settings.timeout(StageTimeout.VERDICT), what -> stages.mark(DETAILS, what)));
            stages.timelineAfterThisStage();
            return view;
        } catch (Waits.WaitTimeoutException e) {
            Waits.WaitTimeoutException explained = bookinfo.detailsUnresolvable(clusters.primary()).map(e::adding)
                    .orElse(e);
            // Across networks the call goes through the remote's gateway, which needs the primary's Gateway.
            throw spansNetworks() ? NetworkGateways.notExposed(clusters.primary(), settings.istioNamespace())
                    .map(explained::adding).orElse(explained) : explained;
        }
    }

    /**
     * productpage's sidecar sends details to {@code remote}'s network gateway, not to its pods; the sidecar's
     * endpoints for details are attached, also when the wait fails.
     */
    private void awaitCrossNetwork(MeshClusters clusters, MeshCluster remote, String namespace) {
        MeshCluster primary = clusters.primary();
        // The remote network's gateway may run in any cluster on that network, as istiod looks for it.
        List<MeshCluster> onNetwork = clusters.all().stream().filter(c -> c.network().equals(remote.network()))
                .toList();
        Supplier<List<NetworkGateway>> gateways = () -> NetworkGateways.of(onNetwork, remote.network());
        try {
            CrossNetworkVerdict.await(proxies, primary, namespace, remote, gateways,
                    settings.timeout(StageTimeout.VERDICT), what -> stages.mark(DETAILS, what));
        } finally {
            String evidence;
            try {
                evidence = CrossNetworkVerdict.evidence(proxies.get(primary, namespace,
                        CrossNetworkVerdict.PRODUCTPAGE, CrossNetworkVerdict.PATH, ExecIstiodDebug.QUICK_READ),
                        namespace, gateways.get());
            } catch (Exception e) {
                evidence = "productpage's sidecar could not be read: " + e.getMessage();
            }
            Attachments.attach("productpage's endpoints for details (" + remote.name() + ")", "text/plain", evidence);
        }
    }

    // ---- the end ----

    /** Outside a stage: recorded and explained like a stage's failure (the extension's exception handler). */
    void failedOutsideStage(String where, Throwable failure) {
        stages.failedOutside(where, failure);
    }

    /**
     * Writes {@code stages.json}; then the clusters go (or, after a failure with mesh.keepOnFailure, stay for a
     * person to look at), each kind in its own way.
     */
    void close() {
        try {
            charts.close();
            compareWithColdRun();
            LOG.info("Stage durations written to {}", stages.write(settings.results()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not close the charts or write stage durations: {}", e.toString());
        } finally {
            if (started != null) {
                try {
                    keepOrReuse(started);
                } finally {
                    started.close();
                }
            }
        }
    }

    /**
     * How the clusters go, mesh.reuse and keep-on-failure considered: kept for a person after a failure; kept for
     * the next run after a run that passed Istio, the attachment and the registry verdict (and no stage failed); a
     * kept mesh that a run used without failing but without going that far is kept as it was; otherwise removed.
     */
    private void keepOrReuse(MeshClusters clusters) {
        boolean complete = !stages.failed() && stages.passed(Layer.CONTROL_PLANE) && stages.passed(Layer.ATTACH_SYNC)
                && stages.passed(Layer.REGISTRY);
        if (stages.failed() && settings.keepOnFailure()) {
            clusters.keep();
        } else if (fingerprint.isPresent() && complete) {
            clusters.reuse(keptRecord(clusters));
        } else if (fingerprint.isPresent() && !stages.failed() && clusters.origin().warm()) {
            LOG.info("mesh.reuse=true: the run stopped before both verdicts; the kept mesh stays as it was");
            clusters.reuse(clusters.origin().kept().orElseThrow());
        } else if (fingerprint.isPresent()) {
            LOG.info("mesh.reuse=true: {}", stages.failed() ? "the run failed, so its mesh is removed rather than kept"
                    : "the run stopped before both verdicts, so the mesh it started is not kept");
        }
    }

    /**
     * The record of the mesh this passing run leaves for the next: a new one after a cold run (its stage times are
     * what later runs compare with), the kept one served once more after a warm run.
     */
    private KeptMesh keptRecord(MeshClusters clusters) {
        Instant now = Instant.now();
        return clusters.origin().kept().map(k -> k.servedAgain(run.value(), now)).orElseGet(() -> {
            MeshFingerprint f = fingerprint.orElseThrow();
            return new KeptMesh(f.hash(), f.parts(), f.harness(), run.value(), startedAt, holds, stages.stageSeconds(),
                    run.value(), now, 1);
        });
    }

    /**
     * A passing warm run's times against the cold run that made its mesh: logged and written into stages.json. A
     * failed run's times say nothing comparable (its stages after the failure did not run).
     */
    private void compareWithColdRun() {
        if (started == null || started.origin().kept().isEmpty()) {
            return;
        }
        if (stages.failed()) {
            LOG.info("No comparison with the cold run of the kept mesh: this run failed");
            return;
        }
        String line = RunComparison.line(started.origin().kind().label(), stages.stageSeconds(),
                started.origin().kept().get(), Instant.now());
        LOG.info("{}", line);
        stages.comparison(line);
    }

    private void awaitSynced(MeshClusters clusters, ControlPlane controlPlane, MeshCluster remote) {
        IstiodRevision istiodRevision = made(controlPlane, "control plane").istiod();
        AttachCheck.awaitSynced(verdictIstiod(clusters, istiodRevision), controlPlane.cluster(), remote.name(),
                settings.timeout(StageTimeout.ATTACH), istiodRevision.namespace());
        stages.mark(ATTACH, "istiod reports '" + remote.name() + "' synced");
    }

    /**
     * {@code value}, which an earlier stage made; when that stage has not run (a suite run one test at a time), says
     * so instead of failing on a null.
     */
    private static <T> T made(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("no " + what + " yet: the stage that makes it has not run; run the suite"
                    + " as a whole, its stages build on each other");
        }
        return value;
    }

    private IstioInstaller istioInstaller() {
        return new IstioInstaller(charts, settings.timeout(StageTimeout.ISTIO), run);
    }

    /** istiod's own evidence is worth reading from now on. */
    private void observe(MeshClusters clusters, IstiodRevision controlPlane) {
        diagnostics.add("istiod in '" + clusters.primary().name() + "'",
                new IstiodEvidence(istiod.in(clusters.primary(), controlPlane, ExecIstiodDebug.QUICK_READ),
                spansNetworks()));
    }

    /**
     * The user's control plane in {@code primary}, as {@link ControlPlaneFinder} finds it from mesh.istio.namespace
     * and mesh.istio.revision (the same rule the doctor's 'istio-primary' applies).
     */
    private IstiodRevision userControlPlane(MeshCluster primary) {
        return ControlPlaneFinder.find(primary, settings.istioNamespace(), settings.istioRevision());
    }

    /** Says which control plane serves the run: in the log, the stage's attachments and the report's environment. */
    private void serving(IstiodRevision controlPlane) {
        LOG.info("Control plane of this run: {}", controlPlane.describe());
        Attachments.attach("control plane (istiod revision)", "text/plain", controlPlane.describe());
        try {
            ReportEnvironment.add(allureResults, "istiod", controlPlane.describe());
        } catch (IOException e) {
            LOG.warn("Could not add the control plane to the report's environment: {}", e.toString());
        }
    }

    /** istiod's debug endpoints, each read bounded by the verdict timeout. */
    private IstiodDebug verdictIstiod(MeshClusters clusters, IstiodRevision controlPlane) {
        return istiod.in(clusters.primary(), controlPlane, settings.timeout(StageTimeout.VERDICT));
    }

    private PageAccess.Page page(MeshClusters clusters, BookinfoDeployment deployment) {
        return pages.open(made(clusters, "clusters").primary(),
                made(deployment, "Bookinfo deployment").host(), deployment.ingressPods());
    }

    /** The doctor's result for {@code check} in stage 1, attached; anything but PASS fails the stage. */
    private static void verifiedByDoctor(DoctorReport preflight, Check check, MeshCluster cluster) {
        CheckResult result = preflight.find(check, cluster.name()).orElseThrow(() ->
                new AssertionError("the preflight doctor has no result '" + check + "' for '" + cluster.name() + "'"));
        Attachments.attach(check + " [" + cluster.name() + "]", "text/plain", result.status() + ": "
                + result.evidence());
        if (result.status() != CheckResult.Status.PASS) {
            throw new AssertionError("preflight check " + check + " [" + cluster.name() + "] is " + result.status()
                    + ": " + result.evidence());
        }
    }
}
