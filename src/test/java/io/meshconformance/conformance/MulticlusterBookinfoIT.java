package io.meshconformance.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import io.fabric8.kubernetes.api.model.Node;
import io.meshconformance.cluster.K3sClusterProvider;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.Mode;
import io.meshconformance.junit.RequiresDockerForK3s;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The conformance suite: two k3s clusters, Istio primary-remote, Bookinfo split across them, and the two verdicts.
 * Skipped only when no Docker engine answers; an image it cannot get fails it, naming the image and the remedies.
 * It never passes without having run every stage.
 */
@Tag("conformance")
@RequiresDockerForK3s
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MulticlusterBookinfoIT {

    private static final Logger LOG = LoggerFactory.getLogger(MulticlusterBookinfoIT.class);

    static MeshSettings settings;
    static MeshTopology topology;
    static MeshClusters clusters;

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
        RunId run = RunId.generate();
        LOG.info("Run {}: starting {} k3s clusters ({})", run, topology.clusters().size(), settings.k3sImage());
        clusters = new K3sClusterProvider(settings, DockerClientFactory.instance().client(), run).start(topology);
    }

    @AfterAll
    static void stopClusters() {
        if (clusters != null) {
            clusters.close();
        }
    }

    @Test
    @Order(1)
    void clustersAreUpWithTheirOwnDisjointRanges() {
        for (MeshCluster cluster : clusters.all()) {
            List<Node> nodes = cluster.client().nodes().list().getItems();
            assertFalse(nodes.isEmpty(), cluster.name());
            for (Node node : nodes) {
                Cidr podCidr = Cidr.parse(node.getSpec().getPodCIDR());
                LOG.info("Cluster '{}': node {} podCIDR {}", cluster.name(), node.getMetadata().getName(), podCidr);
                for (MeshCluster other : clusters.all()) {
                    if (other != cluster) {
                        assertFalse(podCidr.overlaps(other.spec().podCidr()), "podCIDR of " + cluster.name()
                                + " overlaps " + other.name());
                    }
                }
            }
        }
        assertEquals(topology.clusters().size(), clusters.all().size());
    }

    @Test
    @Order(2)
    void meshStagesRun() {
        fail("The stages after the clusters (Istio primary and remote, attach, Bookinfo, the registry and page"
                + " verdicts) are not implemented yet, so this run cannot reach a verdict. It proved only that the"
                + " clusters start with their planned ranges and routes.");
    }
}
