package io.meshconformance.conformance;

import java.util.List;

import io.meshconformance.bookinfo.BookinfoDeployer;
import io.meshconformance.bookinfo.PageVerdict;
import io.meshconformance.bookinfo.ProductPageClient;
import io.meshconformance.bookinfo.ProductPageView;
import io.meshconformance.bookinfo.RegistryVerdict;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.StageTimeout;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.doctor.CheckResult;
import io.meshconformance.istio.AttachCheck;
import io.meshconformance.istio.HelmInstaller;
import io.meshconformance.istio.IstioInstaller;
import io.meshconformance.istio.RemoteAttacher;
import io.meshconformance.junit.MeshExtension;
import io.meshconformance.junit.MeshRun;
import io.meshconformance.junit.RequiresDockerForK3s;
import io.qameta.allure.Allure;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance suite (DESIGN.md "The run"): two k3s clusters (or two existing ones, mesh.mode=existing), Istio
 * primary-remote, Bookinfo split across them, and the two verdicts. With existing clusters, Istio and the
 * attachment are verified as found unless mesh.existing.install / mesh.existing.attach ask the run to make them. One test per stage, in order; a stage after a failed one is reported as not reached.
 * Skipped only when no Docker engine answers; an image it cannot get fails it, naming the image and the remedies.
 * It never passes without having run every stage.
 */
@Tag("conformance")
@RequiresDockerForK3s
@ExtendWith(MeshExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MulticlusterBookinfoIT {

    @Test
    @Order(1)
    void clustersReadyAndPreflightDoctorFindsNothingWrong(MeshRun mesh) {
        mesh.stage("Clusters: two k3s clusters started, or the existing two reached -> preflight doctor finds no"
                + " failure", Layer.CLUSTER, () -> {
                    mesh.startClusters();
                    mesh.doctor();
                });
    }

    @Test
    @Order(2)
    void primaryControlPlaneInstalled(MeshRun mesh) {
        if (!mesh.settings().installsIstio()) {
            mesh.stage("Istio primary as found (mesh.existing.install=false) -> istiod ready, as the doctor saw it",
                    Layer.CONTROL_PLANE, () -> verifiedByDoctor(mesh, "istio-primary", mesh.primary()));
            return;
        }
        mesh.stage("Istio primary: base, istiod, east-west and ingress gateways -> istiod exposed to the remote",
                Layer.CONTROL_PLANE, () -> {
                    String address = new IstioInstaller(mesh.helm(), mesh.timeout(StageTimeout.ISTIO), mesh.run())
                            .installPrimary(mesh.primary(), mesh.meshObjects());
                    mesh.istioInstalled(address);
                    attachHelmValues(mesh, mesh.primary());
                    Allure.addAttachment("remotePilotAddress", "text/plain", address);
                });
    }

    @Test
    @Order(3)
    void remoteProfileInstalled(MeshRun mesh) {
        if (!mesh.settings().installsIstio()) {
            mesh.stage("Istio remote as found (mesh.existing.install=false) -> remote profile led by the primary, as"
                    + " the doctor saw it", Layer.REMOTE_INSTALL, () -> {
                        for (MeshCluster remote : mesh.remotes()) {
                            verifiedByDoctor(mesh, "istio-remote", remote);
                        }
                    });
            return;
        }
        mesh.stage("Istio remote: istio-system annotated, base and istiod with the remote profile -> installed",
                Layer.REMOTE_INSTALL, () -> {
                    IstioInstaller installer = new IstioInstaller(mesh.helm(), mesh.timeout(StageTimeout.ISTIO), mesh.run());
                    for (MeshCluster remote : mesh.remotes()) {
                        installer.installRemote(remote, mesh.primary(), mesh.remotePilotAddress(), mesh.meshObjects());
                        attachHelmValues(mesh, remote);
                    }
                });
    }

    @Test
    @Order(4)
    void bookinfoInPrimaryShowsTheDetailsError(MeshRun mesh) {
        mesh.stage("Bookinfo without details in the primary -> /productpage served with the details error",
                Layer.PAGE, () -> {
                    BookinfoDeployer bookinfo = mesh.bookinfo();
                    for (MeshCluster cluster : mesh.clusters().all()) {
                        bookinfo.createNamespace(cluster, mesh.meshObjects());
                    }
                    bookinfo.apply(mesh.primary(), List.of(BookinfoDeployer.PRIMARY, BookinfoDeployer.GATEWAY),
                            mesh.meshObjects());
                    Allure.addAttachment("bookinfo/primary.yaml and gateway.yaml (as applied)", "text/yaml",
                            bookinfo.render(BookinfoDeployer.PRIMARY) + "---\n" + bookinfo.render(BookinfoDeployer.GATEWAY));
                    bookinfo.awaitReady(mesh.primary());
                    try (ProductPageClient page = mesh.pageClient()) {
                        ProductPageView view = PageVerdict.awaitDetailsError(page, mesh.timeout(StageTimeout.VERDICT));
                        Allure.addAttachment("productpage details part", "text/plain",
                                view.summary() + "\n" + view.detailsExcerpt());
                    }
                });
    }

    @Test
    @Order(5)
    void remoteAttachedAndSynced(MeshRun mesh) {
        if (!mesh.settings().attachesRemote()) {
            mesh.stage("Attach as found (mesh.existing.attach=false) -> istiod reports the remote synced",
                    Layer.ATTACH_SYNC, () -> {
                        for (MeshCluster remote : mesh.remotes()) {
                            AttachCheck.awaitSynced(mesh.istiod(), mesh.primary().name(), remote.name(),
                                    mesh.timeout(StageTimeout.ATTACH));
                        }
                    });
            return;
        }
        mesh.stage("Attach: reader token in the remote, remote secret in the primary -> istiod reports it synced",
                Layer.ATTACH_SYNC, () -> {
                    RemoteAttacher attacher = new RemoteAttacher(mesh.timeout(StageTimeout.ATTACH), mesh.run());
                    for (MeshCluster remote : mesh.remotes()) {
                        String secret = attacher.attach(mesh.primary(), remote, mesh.meshObjects());
                        Allure.addAttachment("remote secret", "text/plain", "istio-system/" + secret + " in cluster '"
                                + mesh.primary().name() + "', server " + remote.internalServer()
                                + " (its kubeconfig holds a token and is not attached)");
                        AttachCheck.awaitSynced(mesh.istiod(), mesh.primary().name(), remote.name(),
                                mesh.timeout(StageTimeout.ATTACH));
                    }
                });
    }

    @Test
    @Order(6)
    void detailsRunsInTheRemote(MeshRun mesh) {
        mesh.stage("details in the remote -> details-v1 ready", Layer.REMOTE_INSTALL, () -> {
            for (MeshCluster remote : mesh.remotes()) {
                mesh.bookinfo().apply(remote, List.of(BookinfoDeployer.REMOTE), mesh.meshObjects());
                mesh.bookinfo().awaitReady(remote);
            }
            Allure.addAttachment("bookinfo/remote.yaml (as applied)", "text/yaml",
                    mesh.bookinfo().render(BookinfoDeployer.REMOTE));
        });
    }

    @Test
    @Order(7)
    void registryHoldsDetailsWithRemoteEndpoints(MeshRun mesh) {
        mesh.stage("Verdict 1: istiod's registry -> details with endpoints from the remote's pod range",
                Layer.REGISTRY, () -> {
                    for (MeshCluster remote : mesh.remotes()) {
                        RegistryVerdict.await(mesh.istiod(), mesh.bookinfo().namespace(), remote.spec(),
                                mesh.timeout(StageTimeout.VERDICT));
                    }
                    Allure.addAttachment("endpointShardz extract", "text/plain",
                            RegistryVerdict.evidence(mesh.istiod(), mesh.bookinfo().namespace()));
                });
    }

    @Test
    @Order(8)
    void productPageShowsTheDetails(MeshRun mesh) {
        int successes = mesh.settings().verdictSuccesses();
        mesh.stage("Verdict 2: /productpage in the primary -> the book details in " + successes
                + " consecutive requests", Layer.PAGE, () -> {
                    try (ProductPageClient page = mesh.pageClient()) {
                        ProductPageView view = PageVerdict.awaitDetails(page, successes, mesh.timeout(StageTimeout.VERDICT));
                        Allure.addAttachment("productpage details part", "text/plain",
                                view.summary() + "\n" + view.detailsExcerpt());
                    }
                });
    }

    /** The doctor's result for {@code check} in stage 1, which must have passed for the run to get here. */
    private static void verifiedByDoctor(MeshRun mesh, String check, MeshCluster cluster) {
        CheckResult result = mesh.doctorReport().find(check, cluster.name()).orElseThrow(() ->
                new AssertionError("the preflight doctor has no result '" + check + "' for '" + cluster.name() + "'"));
        Allure.addAttachment(check + " [" + cluster.name() + "]", "text/plain", result.status() + ": "
                + result.evidence());
        if (result.status() != CheckResult.Status.PASS) {
            throw new AssertionError("preflight check " + check + " [" + cluster.name() + "] is " + result.status()
                    + ": " + result.evidence());
        }
    }

    /** The values of every release installed in {@code cluster}, with the equivalent helm command. */
    private static void attachHelmValues(MeshRun mesh, MeshCluster cluster) {
        for (HelmInstaller.Installed installed : mesh.helm().installed()) {
            if (installed.release().cluster().equals(cluster.name())) {
                Allure.addAttachment("helm values " + installed.release(), "text/yaml", installed.valuesDocument());
            }
        }
    }
}
