package io.meshconformance.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.meshconformance.bookinfo.BookinfoDeployer;
import io.meshconformance.bookinfo.PageVerdict;
import io.meshconformance.bookinfo.ProductPageClient;
import io.meshconformance.bookinfo.ProductPageView;
import io.meshconformance.bookinfo.RegistryVerdict;
import io.meshconformance.cluster.K3sClusterProvider;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.MeshSettings.Stage;
import io.meshconformance.config.Mode;
import io.meshconformance.istio.AttachCheck;
import io.meshconformance.istio.ExecIstiodDebug;
import io.meshconformance.istio.HelmInstaller;
import io.meshconformance.istio.IstioInstaller;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.RemoteAttacher;
import io.meshconformance.junit.RequiresDockerForK3s;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import io.qameta.allure.Allure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The conformance suite (DESIGN.md "The run"): two k3s clusters, Istio primary-remote, Bookinfo split across them,
 * and the two verdicts. Each stage is one test, run in order; a stage after a failed one is reported as not
 * reached. Skipped only when no Docker engine answers; an image it cannot get fails it, naming the image and the
 * remedies. It never passes without having run every stage.
 */
@Tag("conformance")
@RequiresDockerForK3s
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(MulticlusterBookinfoIT.FirstFailure.class)
class MulticlusterBookinfoIT {

    private static final Logger LOG = LoggerFactory.getLogger(MulticlusterBookinfoIT.class);

    static MeshSettings settings;
    static MeshTopology topology;
    static RunId run;
    static MeshClusters clusters;
    /** Istio and Bookinfo objects; in k3s mode removing the clusters removes them, so this is not unwound there. */
    static final CleanupStack meshObjects = new CleanupStack();
    static String remotePilotAddress;
    static BookinfoDeployer bookinfo;
    static HelmInstaller helm;
    static String firstFailedStage;

    /** Remembers the first failed stage, so later stages report "not reached" instead of failing for it. */
    static final class FirstFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (firstFailedStage == null) {
                firstFailedStage = context.getDisplayName();
            }
        }
    }

    @BeforeAll
    static void startClusters() throws Exception {
        settings = MeshSettings.fromSystem();
        LOG.info("{}", settings.describe());
        settings.warnings().forEach(w -> LOG.warn("{}", w));
        settings.writeTo(settings.results());
        topology = TopologyLoader.load(settings.topology());
        if (settings.mode() == Mode.EXISTING) {
            fail("mesh.mode=existing is not implemented yet; run with mesh.mode=k3s (the default)");
        }
        run = RunId.generate();
        helm = new HelmInstaller(settings.istioCharts(), settings.istioVersion(), settings.results().resolve("helm"));
        bookinfo = new BookinfoDeployer(settings.bookinfoRegistry(), settings.bookinfoTag(), run,
                settings.timeout(Stage.BOOKINFO));
        LOG.info("Run {}: starting {} k3s clusters ({})", run, topology.clusters().size(), settings.k3sImage());
        clusters = new K3sClusterProvider(settings, DockerClientFactory.instance().client(), run).start(topology);
    }

    @AfterAll
    static void stopClusters() {
        if (clusters == null) {
            return;
        }
        if (firstFailedStage != null && settings.keepOnFailure()) {
            clusters.keep();
        }
        LOG.info("Removing the clusters of run {} removes the Istio and Bookinfo objects in them ({} undo steps not"
                + " needed)", run, meshObjects.size());
        clusters.close();
    }

    @BeforeEach
    void onlyAfterEarlierStagesPassed(TestInfo stage) {
        assumeTrue(firstFailedStage == null, "not reached: stage '" + firstFailedStage + "' failed before '"
                + stage.getDisplayName() + "'");
    }

    static Map<String, String> labels() {
        return Map.of(RunId.LABEL, run.value());
    }

    static IstiodDebug istiod() {
        return new ExecIstiodDebug(clusters.primary().client(), settings.timeout(Stage.VERDICT));
    }

    @Test
    @Order(1)
    void clustersAreUpWithTheirOwnDisjointRanges() {
        Allure.step("Clusters: two k3s clusters on one Docker network -> nodes Ready, ranges as planned and disjoint",
                () -> {
                    for (MeshCluster cluster : clusters.all()) {
                        List<Node> nodes = cluster.client().nodes().list().getItems();
                        assertFalse(nodes.isEmpty(), cluster.name());
                        for (Node node : nodes) {
                            Cidr podCidr = Cidr.parse(node.getSpec().getPodCIDR());
                            Allure.addAttachment("node " + node.getMetadata().getName() + " of " + cluster.name(),
                                    "text/plain", "podCIDR " + podCidr + "\nnode address " + cluster.nodeAddress());
                            for (MeshCluster other : clusters.all()) {
                                if (other != cluster) {
                                    assertFalse(podCidr.overlaps(other.spec().podCidr()),
                                            "podCIDR of " + cluster.name() + " overlaps " + other.name());
                                }
                            }
                        }
                    }
                    assertEquals(topology.clusters().size(), clusters.all().size());
                });
    }

    @Test
    @Order(2)
    void primaryControlPlaneInstalled() {
        Allure.step("Istio primary: base, istiod, east-west and ingress gateways -> istiod exposed to the remote", () -> {
            remotePilotAddress = new IstioInstaller(helm, settings.timeout(Stage.ISTIO), labels())
                    .installPrimary(clusters.primary(), meshObjects);
            attachHelmValues(clusters.primary());
            Allure.addAttachment("remotePilotAddress", "text/plain", remotePilotAddress);
        });
    }

    @Test
    @Order(3)
    void remoteProfileInstalled() {
        Allure.step("Istio remote: istio-system annotated, base and istiod with the remote profile -> installed", () -> {
            IstioInstaller installer = new IstioInstaller(helm, settings.timeout(Stage.ISTIO), labels());
            for (MeshCluster remote : clusters.remotes()) {
                installer.installRemote(remote, clusters.primary(), remotePilotAddress, meshObjects);
                attachHelmValues(remote);
            }
        });
    }

    @Test
    @Order(4)
    void bookinfoInPrimaryShowsTheDetailsError() throws Exception {
        Allure.step("Bookinfo without details in the primary -> /productpage served with the details error", () -> {
            for (MeshCluster cluster : clusters.all()) {
                bookinfo.createNamespace(cluster, meshObjects);
            }
            bookinfo.apply(clusters.primary(), List.of(BookinfoDeployer.PRIMARY, BookinfoDeployer.GATEWAY), meshObjects);
            Allure.addAttachment("bookinfo/primary.yaml (as applied)", "text/yaml",
                    bookinfo.render(BookinfoDeployer.PRIMARY));
            bookinfo.awaitReady(clusters.primary());
            try (ProductPageClient page = new ProductPageClient(clusters.primary().client())) {
                ProductPageView view = PageVerdict.awaitDetailsError(page, settings.timeout(Stage.VERDICT));
                Allure.addAttachment("productpage details part", "text/plain", view.summary() + "\n"
                        + view.detailsExcerpt());
            }
        });
    }

    @Test
    @Order(5)
    void remoteAttachedAndSynced() {
        Allure.step("Attach: reader token in the remote, remote secret in the primary -> istiod reports it synced",
                () -> {
                    RemoteAttacher attacher = new RemoteAttacher(settings.timeout(Stage.ATTACH), labels());
                    for (MeshCluster remote : clusters.remotes()) {
                        String secret = attacher.attach(clusters.primary(), remote, meshObjects);
                        Allure.addAttachment("remote secret", "text/plain", "istio-system/" + secret + " in cluster '"
                                + clusters.primary().name() + "', server " + remote.internalServer()
                                + " (kubeconfig with token: not attached)");
                        AttachCheck.awaitSynced(istiod(), clusters.primary().name(), remote.name(),
                                settings.timeout(Stage.ATTACH));
                    }
                });
    }

    @Test
    @Order(6)
    void detailsRunsInTheRemote() {
        Allure.step("details in the remote -> details-v1 ready", () -> {
            for (MeshCluster remote : clusters.remotes()) {
                bookinfo.apply(remote, List.of(BookinfoDeployer.REMOTE), meshObjects);
                bookinfo.awaitReady(remote);
            }
            Allure.addAttachment("bookinfo/remote.yaml (as applied)", "text/yaml", bookinfo.render(BookinfoDeployer.REMOTE));
        });
    }

    @Test
    @Order(7)
    void registryHoldsDetailsWithRemoteEndpoints() {
        Allure.step("Verdict 1: istiod's registry -> details with endpoints from the remote's pod range", () -> {
            for (MeshCluster remote : clusters.remotes()) {
                RegistryVerdict.await(istiod(), bookinfo.namespace(), remote.spec(), settings.timeout(Stage.VERDICT));
            }
            Allure.addAttachment("endpointShardz extract", "text/plain",
                    RegistryVerdict.evidence(istiod(), bookinfo.namespace()));
        });
    }

    @Test
    @Order(8)
    void productPageShowsTheDetails() throws Exception {
        Allure.step("Verdict 2: /productpage in the primary -> the book details in " + settings.verdictSuccesses()
                + " consecutive requests", () -> {
                    try (ProductPageClient page = new ProductPageClient(clusters.primary().client())) {
                        ProductPageView view = PageVerdict.awaitDetails(page, settings.verdictSuccesses(),
                                settings.timeout(Stage.VERDICT));
                        Allure.addAttachment("productpage details part", "text/plain", view.summary() + "\n"
                                + view.detailsExcerpt());
                    }
                });
    }

    /** The values of every release installed in {@code cluster}, with the equivalent helm command. */
    private static void attachHelmValues(MeshCluster cluster) {
        for (HelmInstaller.Installed installed : helm.installed()) {
            if (installed.release().cluster().equals(cluster.name())) {
                Allure.addAttachment("helm values " + installed.release(), "text/yaml", "# "
                        + installed.release().commandLine(installed.version()) + "\n" + installed.release().valuesText());
            }
        }
    }
}
