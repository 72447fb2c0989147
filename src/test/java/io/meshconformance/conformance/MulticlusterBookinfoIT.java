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
 * reported as not reached. Skipped only when no Docker engine answers; an image it cannot get fails it, naming the
 * image and the remedies. It never passes without having run every stage.
 */
@Tag("conformance")
@RequiresDockerForK3s
@ExtendWith(MeshExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MulticlusterBookinfoIT {

    private MeshClusters clusters;
    private DoctorReport preflight;
    private ControlPlane controlPlane;
    private BookinfoDeployment bookinfo;

    @Test
    @Order(1)
    void clustersReadyAndPreflightDoctorFindsNothingWrong(Mesh mesh) {
        clusters = mesh.stage("Clusters: two k3s clusters started, or the existing two reached -> preflight doctor"
                + " finds no failure", Layer.CLUSTER, () -> {
                    MeshClusters started = mesh.startClusters();
                    preflight = mesh.preflight(started);
                    return started;
                });
    }

    @Test
    @Order(2)
    void primaryControlPlaneInstalled(Mesh mesh) {
        controlPlane = mesh.installsIstio()
                ? mesh.stage("Istio primary: base, istiod, east-west and ingress gateways -> istiod exposed to the"
                + " remote", Layer.CONTROL_PLANE, () -> mesh.installPrimary(clusters))
                : mesh.stage("Istio primary as found (mesh.existing.install=false) -> istiod ready, as the doctor saw"
                + " it", Layer.CONTROL_PLANE, () -> mesh.verifiedPrimary(clusters, preflight));
    }

    @Test
    @Order(3)
    void remoteProfileInstalled(Mesh mesh) {
        if (mesh.installsIstio()) {
            mesh.stage("Istio remote: istio-system annotated, base and istiod with the remote profile ->"
                    + " installed", Layer.REMOTE_INSTALL, () -> mesh.installRemotes(clusters, controlPlane));
        } else {
            mesh.stage("Istio remote as found (mesh.existing.install=false) -> remote profile led by the primary, as"
                    + " the doctor saw it", Layer.REMOTE_INSTALL, () -> mesh.verifiedRemotes(clusters, preflight));
        }
    }

    @Test
    @Order(4)
    void bookinfoInPrimaryShowsTheDetailsError(Mesh mesh) {
        bookinfo = mesh.stage("Bookinfo without details in the primary -> /productpage served with the details error",
                Layer.PAGE, () -> {
                    BookinfoDeployment deployed = mesh.deployBookinfo(clusters);
                    mesh.awaitReady(clusters.primary());
                    mesh.awaitDetailsError(clusters, deployed);
                    return deployed;
                });
    }

    @Test
    @Order(5)
    void remoteAttachedAndSynced(Mesh mesh) {
        if (mesh.attachesRemote()) {
            mesh.stage("Attach: reader token in the remote, remote secret in the primary -> istiod reports it synced",
                    Layer.ATTACH_SYNC, () -> mesh.attachRemotes(clusters, controlPlane));
        } else {
            mesh.stage("Attach as found (mesh.existing.attach=false) -> istiod reports the remote synced",
                    Layer.ATTACH_SYNC, () -> mesh.awaitRemotesSynced(clusters, controlPlane));
        }
    }

    @Test
    @Order(6)
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
    void registryHoldsDetailsWithRemoteEndpoints(Mesh mesh) {
        mesh.stage("Verdict 1: istiod's registry -> details with endpoints from the remote's pod range",
                Layer.REGISTRY, () -> mesh.awaitRegistryVerdict(clusters, bookinfo));
    }

    @Test
    @Order(8)
    void productPageShowsTheDetails(Mesh mesh) {
        mesh.stage("Verdict 2: /productpage in the primary -> the book details in "
                + mesh.settings().verdictSuccesses() + " consecutive requests", Layer.PAGE,
                () -> mesh.awaitPageVerdict(clusters, bookinfo));
    }
}
