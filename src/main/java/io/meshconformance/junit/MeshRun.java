package io.meshconformance.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.meshconformance.bookinfo.BookinfoDeployer;
import io.meshconformance.bookinfo.ProductPageClient;
import io.meshconformance.cluster.DockerAvailability;
import io.meshconformance.cluster.ExistingClusterProvider;
import io.meshconformance.cluster.K3sClusterProvider;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.config.Keys;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.StageTimeout;
import io.meshconformance.config.Mode;
import io.meshconformance.lifecycle.Evidence;
import io.meshconformance.diagnostics.FailureClassifier;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.diagnostics.MeshDumper;
import io.meshconformance.text.Redaction;
import io.meshconformance.doctor.DoctorReport;
import io.meshconformance.doctor.PreflightDoctor;
import io.meshconformance.doctor.PreflightFailedException;
import io.meshconformance.istio.ExecIstiodDebug;
import io.meshconformance.istio.HelmInstaller;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.MeshTopology;
import io.qameta.allure.Allure;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the mesh, owned by {@link MeshExtension} for a test class and handed to its tests: settings,
 * topology, the clusters once started, and what the stages share. {@link #stage} runs one stage as an Allure step,
 * measures it, and on failure collects diagnostics from both clusters and names the broken layer.
 */
public final class MeshRun {

    private static final Logger LOG = LoggerFactory.getLogger(MeshRun.class);

    /** Code of one stage. */
    @FunctionalInterface
    public interface StageBody {
        void run() throws Throwable;
    }

    private final MeshSettings settings;
    private final MeshTopology topology;
    private final RunId run;
    private final StageRecorder stages = new StageRecorder();
    private final CleanupStack meshObjects = new CleanupStack();
    private final HelmInstaller helm;
    private final BookinfoDeployer bookinfo;
    private final Function<MeshCluster, IstiodDebug> istiodOf;
    private MeshClusters clusters;
    private String remotePilotAddress;
    private boolean istioInstalled;
    private String firstFailure;
    private DoctorReport doctorReport;
    private final Thread removeOnExit = new Thread(this::removeOnExit, "mesh-existing-cleanup");

    MeshRun(MeshSettings settings, MeshTopology topology, RunId run) {
        this(settings, topology, run, null);
    }

    /**
     * @param istiodOf how istiod's debug endpoints are read in a primary; {@code null} for the real way (exec
     *                 {@code pilot-discovery request} in the istiod pod). Tests against mock API servers, which
     *                 cannot exec, give fixtures.
     */
    MeshRun(MeshSettings settings, MeshTopology topology, RunId run, Function<MeshCluster, IstiodDebug> istiodOf) {
        this.settings = settings;
        this.istiodOf = istiodOf; // null: exec, with the timeout of what reads it
        this.topology = topology;
        this.run = run;
        this.helm = new HelmInstaller(settings.istioCharts(), settings.istioVersion(), settings.results().resolve("helm"));
        this.bookinfo = new BookinfoDeployer(settings.bookinfoRegistry(), settings.bookinfoTag(), run,
                settings.timeout(StageTimeout.BOOKINFO), IstioPlan.ingressPods(settings.installsIstio(), settings.ingressSelector()));
    }

    /**
     * Runs a stage: skipped as "not reached" after an earlier failure; otherwise an Allure step whose duration is
     * recorded; a failure attaches diagnostics of both clusters and is rethrown naming the broken layer.
     */
    public void stage(String name, Layer layer, StageBody body) {
        if (firstFailure != null) {
            stages.record(name, layer.label(), "not reached", Instant.now(), Duration.ZERO, null);
            throw new TestAbortedException("not reached: stage '" + firstFailure + "' failed before '" + name + "'");
        }
        Instant started = Instant.now();
        long begin = System.nanoTime();
        LOG.info("Stage: {}", name);
        Throwable[] original = {null};
        try {
            // Allure records a failed step's message and trace: it gets a redacted copy, never the original.
            Allure.step(name, () -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    original[0] = t;
                    throw Redaction.throwable(t);
                }
            });
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            stages.record(name, layer.label(), "passed", started, took, null);
            LOG.info("Stage passed in {} s: {}", String.format("%.1f", took.toMillis() / 1000.0), name);
        } catch (Throwable failure) {
            Throwable cause = original[0] != null ? original[0] : failure;
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            Layer broken = FailureClassifier.layer(layer, cause);
            String headline = FailureClassifier.headline(name, broken, cause);
            firstFailure = name;
            stages.record(name, broken.label(), "failed", started, took, headline);
            LOG.error("{}", headline);
            try {
                if (cause instanceof PreflightFailedException) {
                    // The doctor's table is the evidence, and the run changed nothing: no dump (clusters that do
                    // not answer would only make every read wait for its timeout).
                    LOG.info("No diagnostics dump: the preflight doctor's results are attached");
                } else {
                    attachDiagnostics();
                }
            } catch (RuntimeException e) {
                LOG.warn("Collecting diagnostics failed: {}", Redaction.text(e.toString()));
            }
            throw new StageFailedException(headline, broken, Redaction.throwable(cause));
        }
    }

    private void attachDiagnostics() {
        if (clusters == null) {
            return;
        }
        List<String> namespaces = new ArrayList<>(List.of(IstioPlan.NAMESPACE, bookinfo.namespace()));
        IstiodDebug istiod = istioInstalled || !settings.installsIstio()
                ? istiod(ExecIstiodDebug.QUICK_READ) : null;
        List<Evidence> evidence = MeshDumper.collect(clusters.all(), namespaces, istiod, bookinfo.namespace());
        for (Evidence e : evidence) {
            Allure.addAttachment(e.title(), "text/plain", e.text());
        }
        LOG.info("Attached {} pieces of diagnostic evidence from {} clusters", evidence.size(), clusters.all().size());
    }

    /**
     * Stage 1's work: starts two k3s clusters, or (existing mode) connects to the user's. k3s clusters are removed
     * when the extension closes the run; existing ones are left as they were, less what the run created.
     */
    public MeshClusters startClusters() {
        if (settings.mode() == Mode.EXISTING) {
            clusters = new ExistingClusterProvider(settings).connect(topology);
            // No Ryuk watches the user's clusters: if the JVM is stopped (Ctrl-C, a CI timeout), remove what the
            // run created in them on the way out.
            Runtime.getRuntime().addShutdownHook(removeOnExit);
            return clusters;
        }
        clusters = new K3sClusterProvider(settings, DockerAvailability.client(), run).start(topology);
        clusters.startupTimes().forEach((cluster, took) -> stages.figure("cluster " + cluster + " ready", took));
        return clusters;
    }

    /**
     * The preflight doctor on the clusters as they are now: every result is an Allure step (failed for a FAIL) and
     * a row of the table attached and logged. It changes nothing. A FAIL throws, naming every failed check.
     */
    public DoctorReport doctor() {
        PreflightDoctor doctor = new PreflightDoctor(primary(), remotes(), () -> istiod(ExecIstiodDebug.QUICK_READ),
                new PreflightDoctor.Expectations(settings.installsIstio(), settings.attachesRemote(),
                        settings.doctorNamespace(), IstioPlan.ingressPods(settings.installsIstio(), settings.ingressSelector())), java.util.Optional.of(run));
        DoctorReport report = doctor.run();
        doctorReport = report;
        DoctorSteps.report(report);
        LOG.info("Preflight doctor:\n{}", report.table());
        if (report.failed()) {
            throw new PreflightFailedException(report);
        }
        return report;
    }

    public MeshClusters clusters() {
        if (clusters == null) {
            throw new IllegalStateException("the clusters are not started yet");
        }
        return clusters;
    }

    public MeshCluster primary() {
        return clusters().primary();
    }

    public List<MeshCluster> remotes() {
        return clusters().remotes();
    }

    /** What the preflight doctor found in stage 1. */
    public DoctorReport doctorReport() {
        if (doctorReport == null) {
            throw new IllegalStateException("the preflight doctor has not run yet (stage 1)");
        }
        return doctorReport;
    }

    /** istiod's debug endpoints in the primary, each read bounded by the verdict timeout. */
    public IstiodDebug istiod() {
        return istiod(settings.timeout(StageTimeout.VERDICT));
    }

    private IstiodDebug istiod(Duration perRead) {
        return istiodOf != null ? istiodOf.apply(primary()) : new ExecIstiodDebug(primary().client(), perRead);
    }

    public MeshSettings settings() {
        return settings;
    }


    public Duration timeout(StageTimeout stage) {
        return settings.timeout(stage);
    }

    /** The run: its id names and labels everything the harness creates. */
    public RunId run() {
        return run;
    }

    public HelmInstaller helm() {
        return helm;
    }

    public BookinfoDeployer bookinfo() {
        return bookinfo;
    }

    /** /productpage of the run's Bookinfo, through the primary's ingress gateway, with the run's own Host. */
    public ProductPageClient pageClient() {
        return new ProductPageClient(primary().client(), bookinfo.host(), bookinfo.ingressSelector());
    }

    /** Istio and Bookinfo objects, each with its undo. In k3s mode removing the clusters removes them all. */
    public CleanupStack meshObjects() {
        return meshObjects;
    }

    public void istioInstalled(String remotePilotAddress) {
        this.remotePilotAddress = remotePilotAddress;
        this.istioInstalled = true;
    }

    public String remotePilotAddress() {
        return remotePilotAddress;
    }

    public boolean failed() {
        return firstFailure != null;
    }


    void close() {
        try {
            Path written = stages.write(settings.results());
            LOG.info("Stage durations written to {}", written);
        } catch (Exception e) {
            LOG.warn("Could not write stage durations: {}", e.toString());
        }
        if (clusters == null) {
            return;
        }
        if (settings.mode() == Mode.EXISTING) {
            closeExisting();
            return;
        }
        if (failed() && settings.keepOnFailure()) {
            clusters.keep();
        }
        LOG.info("Removing the clusters of run {} (with them the Istio and Bookinfo objects: {} undo steps not needed)",
                run, meshObjects.size());
        clusters.close();
    }

    private void removeOnExit() {
        LOG.warn("The JVM is stopping before the run ended: removing what run {} created in the existing clusters",
                run);
        try {
            meshObjects.close();
        } catch (RuntimeException e) {
            LOG.warn("{}", Redaction.text(e.getMessage()));
        }
    }

    /** Existing clusters stay; what this run created in them goes (or is listed, when kept for a failed run). */
    private void closeExisting() {
        try {
            Runtime.getRuntime().removeShutdownHook(removeOnExit);
        } catch (IllegalStateException e) {
            return; // the JVM is already shutting down: the hook does the cleanup
        }
        try {
            if (failed() && settings.keepOnFailure()) {
                LOG.warn("{} is set and the run failed: kept in the existing clusters (remove them yourself; all carry"
                        + " the label {}={}):\n  {}", Keys.KEEP_ON_FAILURE, RunId.LABEL, run.value(),
                        String.join("\n  ", meshObjects.descriptions()));
                return;
            }
            LOG.info("Removing what run {} created in the existing clusters ({} steps)", run, meshObjects.size());
            meshObjects.close();
        } finally {
            clusters.close();
        }
    }
}
