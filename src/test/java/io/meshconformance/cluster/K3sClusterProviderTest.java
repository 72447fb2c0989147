package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unit tier: settings that keep k3s containers past the JVM are refused before anything starts when Testcontainers
 * would remove those containers anyway (its reuse switch off), naming the switch that keeps them.
 */
class K3sClusterProviderTest {

    static final MeshTopology TOPOLOGY = TopologyLoader.load(Path.of("fixtures/topologies/default.yaml"));

    final List<String> dockerAsked = new ArrayList<>();

    K3sClusterProvider provider(boolean keepOnFailure, boolean reuse) {
        return provider(keepOnFailure, reuse, false);
    }

    K3sClusterProvider provider(boolean keepOnFailure, boolean reuse, boolean reuseSwitch) {
        return new K3sClusterProvider(new K3sOptions("rancher/k3s:v1.35.4-k3s1", Optional.empty(), Optional.empty(),
                Optional.empty(), keepOnFailure, reuse, Path.of("target/mesh-results"), Duration.ofMinutes(1)),
                () -> {
                    dockerAsked.add("client");
                    throw new AssertionError("no Docker client may be asked for before the check passes");
                }, () -> "2", () -> reuseSwitch, RunId.generate());
    }

    @Test
    void keepingContainersWithoutTestcontainersReuseSwitchIsRefusedBeforeAnythingStarts() {
        IllegalStateException reuse = assertThrows(IllegalStateException.class,
                () -> provider(false, true).check(TOPOLOGY));
        assertTrue(reuse.getMessage().startsWith("mesh.reuse=true needs Testcontainers to leave the k3s containers"
                + " alone when the JVM exits: set TESTCONTAINERS_REUSE_ENABLE=true"), reuse.getMessage());
        assertTrue(reuse.getMessage().endsWith("or unset mesh.reuse"), reuse.getMessage());
        IllegalStateException keep = assertThrows(IllegalStateException.class,
                () -> provider(true, false).check(TOPOLOGY));
        assertTrue(keep.getMessage().startsWith("mesh.keepOnFailure=true needs"), keep.getMessage());
        assertThrows(IllegalStateException.class, () -> provider(false, true).start(TOPOLOGY));
        assertEquals(List.of(), dockerAsked);
    }

    @Test
    void throwawayClustersNeedNoSwitchAndKeptOnesPassWithIt() {
        assertDoesNotThrow(() -> provider(false, false).check(TOPOLOGY));
        assertDoesNotThrow(() -> provider(true, true, true).check(TOPOLOGY));
        assertEquals(List.of(), dockerAsked);
    }

    @Test
    void theKubeconfigsOfRemovedClustersAreDeletedAndNothingElse(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("mesh-results");
        Path gone = dir.resolve("mesh-kubeconfigs/20261202-1000-ab12");
        Path other = dir.resolve("mesh-kubeconfigs/20261202-1100-cd34");
        Files.createDirectories(gone);
        Files.createDirectories(other);
        Files.writeString(gone.resolve("primary.yaml"), "kubeconfig");
        Files.writeString(gone.resolve("remote.yaml"), "kubeconfig");
        Files.writeString(other.resolve("primary.yaml"), "kubeconfig");

        K3sClusterProvider.forgetKubeconfigs(results, "20261202-1000-ab12");
        K3sClusterProvider.forgetKubeconfigs(results, "20261202-1200-none");

        assertFalse(Files.exists(gone));
        assertTrue(Files.exists(other.resolve("primary.yaml")), "another run's kubeconfigs stay");
    }
}
