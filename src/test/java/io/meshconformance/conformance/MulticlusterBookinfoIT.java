package io.meshconformance.conformance;

import io.meshconformance.bookinfo.BookinfoDeployment;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.doctor.DoctorReport;
import io.meshconformance.istio.ControlPlane;
import io.meshconformance.junit.Mesh;
import io.meshconformance.junit.MeshExtension;
import io.meshconformance.junit.RequiresDockerForK3s;
import io.meshconformance.lifecycle.Layer;
import io.qameta.allure.Allure;
import io.qameta.allure.Feature;
import io.qameta.allure.Link;
import io.qameta.allure.Story;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance suite (the README's eight stages): two k3s clusters (or two existing ones, mesh.mode=existing),
 * Istio primary-remote, Bookinfo split across them, and the two verdicts. With existing clusters, Istio and the
 * attachment are verified as found unless mesh.existing.install / mesh.existing.attach ask the run to make them.
 * One test per stage, in order; each takes what the stages before it returned, and a stage after a failed one is
 * reported as not reached. With mesh.reuse a kept mesh the doctor finds healthy is reused: stages 2, 3 and 5 then
 * verify what it holds and say they reused it, naming the run that made it and its age. Skipped only when no Docker engine answers; an image it cannot get fails it, naming the
 * image and the remedies. It never passes without having run every stage.
 * <p>
 * In the report each test reads as its stage (its display name, numbered as the README numbers them), under the mesh
 * model (epic), "Stage" (feature) and the stage (story), with a link to the istio.io page the stage follows. The
 * rehearsal's fault catalogue asserts these names: change one there too.
 */
@Tag("conformance")
@DisplayName("Istio multicluster conformance: primary-remote, Bookinfo split across the clusters")
@Feature("Stage")
@RequiresDockerForK3s
@ExtendWith(MeshExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MulticlusterBookinfoIT {

    /** The istio.io pages the stages follow (istio/istio.io content/en/docs/...). */
    private static final String MULTICLUSTER = "https://istio.io/latest/docs/setup/install/multicluster/";
    private static final String CLUSTERS_DOC = MULTICLUSTER + "before-you-begin/";
    private static final String INSTALL_DOC = MULTICLUSTER + "primary-remote/";
    private static final String VERIFY_DOC = MULTICLUSTER + "verify/";
    private static final String BOOKINFO_DOC = "https://istio.io/latest/docs/examples/bookinfo/";

    /** On a warm run (mesh.reuse) the report's titles of the stages that reuse the kept mesh say so. */
    static final String CLUSTERS_REUSED = "1. Clusters: the kept mesh, reused -> preflight doctor finds no failure";
    static final String PRIMARY_REUSED = "2. Istio primary: reused from the kept mesh -> istiod ready, as the doctor"
            + " saw it";
    static final String REMOTE_REUSED = "3. Istio remote: reused from the kept mesh -> led by the primary, as the"
            + " doctor saw it";
    static final String ATTACH_REUSED = "5. Attach: reused from the kept mesh -> istiod reports the remote synced";

    private MeshClusters clusters;
    private DoctorReport preflight;
    private ControlPlane controlPlane;
    private BookinfoDeployment bookinfo;

    /** Each stage under the mesh model the topology makes (one network or several), the report's epic. */
    @BeforeEach
    void model(Mesh mesh) {
        Allure.epic(mesh.model());
    }

    @Test
    @Order(1)
    @DisplayName("1. Clusters: two k3s clusters, or the existing two -> preflight doctor finds no failure")
    @Story("1. Clusters")
    @Link(name = "istio.io: before you begin", url = CLUSTERS_DOC)
    void clustersReadyAndPreflightDoctorFindsNothingWrong(Mesh mesh) {
        clusters = mesh.stage("Clusters: two k3s clusters started" + (mesh.settings().reuse() ? " or the kept mesh"
                + " reused (mesh.reuse)" : "") + ", or the existing two reached -> preflight doctor finds no failure",
                Layer.CLUSTER, () -> {
                    MeshClusters started = mesh.startClusters();
                    preflight = mesh.preflight(started);
                    return started;
                });
        if (mesh.reused(clusters)) {
            titled(CLUSTERS_REUSED);
        }
    }

    /** The report's title of the running test, for a stage that reused the kept mesh. */
    private static void titled(String title) {
        Allure.getLifecycle().updateTestCase(test -> test.setName(title));
    }

    @Test
    @Order(2)
    @DisplayName("2. Istio primary: installed, or verified as found -> istiod exposed to the remote")
    @Story("2. Istio primary")
    @Link(name = "istio.io: configure the primary", url = INSTALL_DOC + "#configure-cluster1-as-a-primary")
    void primaryControlPlaneInstalled(Mesh mesh) {
        if (mesh.reused(clusters)) {
            titled(PRIMARY_REUSED);
            controlPlane = mesh.stage("Istio primary reused (mesh.reuse; " + mesh.keptBy(clusters) + ") -> istiod"
                    + " ready, as the doctor saw it", Layer.CONTROL_PLANE, () -> mesh.verifiedPrimary(clusters,
                    preflight));
            return;
        }
        controlPlane = mesh.installsIstio()
                ? mesh.stage("Istio primary: base, istiod, east-west and ingress gateways -> istiod exposed to the"
                + " remote", Layer.CONTROL_PLANE, () -> mesh.installPrimary(clusters))
                : mesh.stage("Istio primary as found (mesh.existing.install=false) -> istiod ready, as the doctor saw"
                + " it", Layer.CONTROL_PLANE, () -> mesh.verifiedPrimary(clusters, preflight));
    }

    @Test
    @Order(3)
    @DisplayName("3. Istio remote: remote profile installed, or verified as found -> led by the primary")
    @Story("3. Istio remote")
    @Link(name = "istio.io: configure the remote", url = INSTALL_DOC + "#configure-cluster2-as-a-remote")
    void remoteProfileInstalled(Mesh mesh) {
        if (mesh.reused(clusters)) {
            titled(REMOTE_REUSED);
            mesh.stage("Istio remote reused (mesh.reuse; " + mesh.keptBy(clusters) + ") -> remote profile led by the"
                    + " primary, as the doctor saw it", Layer.REMOTE_INSTALL, () -> mesh.verifiedRemotes(clusters,
                    preflight));
        } else if (mesh.installsIstio()) {
            mesh.stage("Istio remote: istio-system annotated, base and istiod with the remote profile ->"
                    + " installed", Layer.REMOTE_INSTALL, () -> mesh.installRemotes(clusters, controlPlane));
        } else {
            mesh.stage("Istio remote as found (mesh.existing.install=false) -> remote profile led by the primary, as"
                    + " the doctor saw it", Layer.REMOTE_INSTALL, () -> mesh.verifiedRemotes(clusters, preflight));
        }
    }

    @Test
    @Order(4)
    @DisplayName("4. Bookinfo in the primary, without details -> /productpage shows the details error")
    @Story("4. Bookinfo in the primary")
    @Link(name = "istio.io: Bookinfo", url = BOOKINFO_DOC)
    void bookinfoInPrimaryShowsTheDetailsError(Mesh mesh) {
        bookinfo = mesh.stage("Bookinfo without details in the primary -> /productpage served with the details error",
                Layer.PAGE, () -> {
                    BookinfoDeployment deployed = mesh.deployBookinfo(clusters, controlPlane);
                    mesh.awaitReady(clusters.primary());
                    mesh.awaitDetailsError(clusters, deployed);
                    return deployed;
                });
    }

    @Test
    @Order(5)
    @DisplayName("5. Attach: the remote secret in the primary -> istiod reports the remote synced")
    @Story("5. Attach the remote")
    @Link(name = "istio.io: attach the remote", url = INSTALL_DOC + "#attach-cluster2-as-a-remote-cluster-of-cluster1")
    @Link(name = "istio.io: verify multicluster", url = VERIFY_DOC + "#verify-multicluster")
    void remoteAttachedAndSynced(Mesh mesh) {
        if (mesh.reused(clusters)) {
            // The kept mesh's gateways have addresses: the doctor's network-gateway check proved it in stage 1.
            titled(ATTACH_REUSED);
            mesh.stage("Attach reused (mesh.reuse; " + mesh.keptBy(clusters) + ") -> istiod reports the remote"
                    + " synced", Layer.ATTACH_SYNC, () -> mesh.awaitRemotesSynced(clusters, controlPlane));
            return;
        }
        // On several networks the guide installs each other network's east-west gateway once the remote is attached.
        boolean gateways = mesh.installsIstio() && mesh.spansNetworks();
        String then = gateways ? ", then an east-west gateway on each other network" : "";
        if (mesh.attachesRemote()) {
            mesh.stage("Attach: reader token in the remote, remote secret in the primary -> istiod reports it synced"
                    + then, Layer.ATTACH_SYNC, () -> {
                        mesh.attachRemotes(clusters, controlPlane);
                        if (gateways) {
                            mesh.connectNetworks(clusters);
                        }
                    });
        } else {
            mesh.stage("Attach as found (mesh.existing.attach=false) -> istiod reports the remote synced" + then,
                    Layer.ATTACH_SYNC, () -> {
                        mesh.awaitRemotesSynced(clusters, controlPlane);
                        if (gateways) {
                            mesh.connectNetworks(clusters);
                        }
                    });
        }
    }

    @Test
    @Order(6)
    @DisplayName("6. details in the remote -> details-v1 ready")
    @Story("6. details in the remote")
    @Link(name = "istio.io: Bookinfo", url = BOOKINFO_DOC)
    void detailsRunsInTheRemote(Mesh mesh) {
        mesh.stage("details in the remote -> details-v1 ready", Layer.REMOTE_INSTALL, () -> {
            for (MeshCluster remote : clusters.remotes()) {
                mesh.deployDetails(clusters, remote);
                mesh.awaitReady(remote);
            }
        });
    }

    @Test
    @Order(7)
    @DisplayName("7. Verdict 1: istiod's registry -> details with endpoints from the remote's pod range")
    @Story("7. Verdict 1: the registry")
    @Link(name = "istio.io: verify the installation", url = VERIFY_DOC)
    void registryHoldsDetailsWithRemoteEndpoints(Mesh mesh) {
        mesh.stage("Verdict 1: istiod's registry -> details with endpoints from the remote's pod range"
                + (mesh.spansNetworks() ? " and network, and productpage's sidecar sending details to the remote"
                + " network's east-west gateway" : ""), Layer.REGISTRY, () -> mesh.awaitRegistryVerdict(clusters,
                bookinfo));
    }

    @Test
    @Order(8)
    @DisplayName("8. Verdict 2: /productpage in the primary -> the book details, in consecutive requests")
    @Story("8. Verdict 2: the page")
    @Link(name = "istio.io: verify cross-cluster traffic", url = VERIFY_DOC + "#verifying-cross-cluster-traffic")
    @Link(name = "istio.io: Bookinfo", url = BOOKINFO_DOC)
    void productPageShowsTheDetails(Mesh mesh) {
        mesh.stage("Verdict 2: /productpage in the primary -> the book details in "
                + mesh.settings().verdictSuccesses() + " consecutive requests", Layer.PAGE,
                () -> mesh.awaitPageVerdict(clusters, bookinfo));
    }
}
