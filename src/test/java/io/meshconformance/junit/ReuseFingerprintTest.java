package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.meshconformance.cluster.MeshFingerprint;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.SettingSource;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tier: what makes two k3s runs able to share a kept mesh, and what does not. */
class ReuseFingerprintTest {

    static MeshFingerprint of(Map<String, String> props, String topology) {
        Map<String, String> all = new HashMap<>(props);
        all.put("mesh.topology", topology);
        MeshSettings settings = MeshSettings.from(SettingSource.of(all, Map.of()));
        MeshTopology loaded = TopologyLoader.load(Path.of(topology));
        return ReuseFingerprint.of(settings, loaded);
    }

    static MeshFingerprint of(Map<String, String> props) {
        return of(props, MeshSettings.DEFAULT_TOPOLOGY);
    }

    @Test
    void whatOnlyARunsOwnBookinfoUsesDoesNotChangeIt() {
        String hash = of(Map.of()).hash();
        assertEquals(hash, of(Map.of("mesh.bookinfo.tag", "1.19.1", "mesh.verdict.successes", "2",
                "mesh.timeout.verdict", "90s", "mesh.results", "target/elsewhere")).hash());
    }

    @Test
    void whatShapesTheMeshChangesItAndIsNamed() {
        MeshFingerprint base = of(Map.of());
        Map<String, Map<String, String>> changes = Map.of(
                "k3s.image", Map.of("mesh.k3s.image", "rancher/k3s:v1.34.6-k3s1"),
                "istio.version", Map.of("mesh.istio.version", "1.29.2"),
                "images.mirror", Map.of("mesh.images.mirror", "https://mirror.example:5000"),
                "network.subnet", Map.of("mesh.network.subnet", "172.30.0.0/16"));
        changes.forEach((part, props) -> {
            MeshFingerprint changed = of(props);
            assertNotEquals(base.hash(), changed.hash(), part);
            assertTrue(changed.differences(base.parts()).get(0).startsWith(part + ": "), part + ": "
                    + changed.differences(base.parts()));
        });
    }

    @Test
    void aRepositoryIsNamedByItsAddress() {
        assertEquals(MeshSettings.DEFAULT_ISTIO_CHARTS, of(Map.of()).parts().get("istio.charts"));
    }

    @Test
    void theRemotesEastWestGatewayCountsOnlyWhereTheRunInstallsOne() {
        String releases = "remote/istio-system/istio-eastwestgateway";
        assertFalse(of(Map.of()).parts().get("helm.values").contains(releases));
        assertTrue(of(Map.of(), "fixtures/topologies/multi-network.yaml").parts().get("helm.values")
                .contains(releases));
    }

    @Test
    void anotherTopologyChangesTheTopologyAndTheHelmValues() {
        MeshFingerprint other = of(Map.of(), "fixtures/topologies/multi-network.yaml");
        var differences = other.differences(of(Map.of()).parts());
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("topology: ")), differences.toString());
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("helm.values: ")), differences.toString());
    }

    @Test
    void itNamesTheHarnessVersionAndNoCredential() {
        MeshFingerprint f = of(Map.of("mesh.images.mirror", "https://robot:s3cr3t@mirror.example:5000"));
        assertFalse(f.parts().toString().contains("s3cr3t"), f.parts().toString());
        assertFalse(f.harness().isBlank());
        assertTrue(f.parts().get("helm.values").contains("istiod"), f.parts().get("helm.values"));
        assertTrue(f.parts().get("helm.values").contains(ReuseFingerprint.PRIMARY_ADDRESS),
                "the remote's values stand the primary's address in, which the install decides");
    }

    @Test
    void localChartsChangedInPlaceChangeIt(@TempDir Path dir) throws Exception {
        for (String chart : new String[] {"base", "istiod", "gateway"}) {
            Files.writeString(dir.resolve(chart + "-1.30.3.tgz"), chart + " v1");
        }
        MeshFingerprint before = of(Map.of("mesh.istio.charts", dir.toString()));
        assertEquals(before.hash(), of(Map.of("mesh.istio.charts", dir.toString())).hash());
        Files.writeString(dir.resolve("istiod-1.30.3.tgz"), "istiod v2");
        MeshFingerprint after = of(Map.of("mesh.istio.charts", dir.toString()));
        assertNotEquals(before.hash(), after.hash());
        assertTrue(after.differences(before.parts()).get(0).startsWith("istio.charts: "),
                after.differences(before.parts()).toString());
    }

    @Test
    void preloadedImagesCountByWhatTheDirectoryHoldsAndThenSoDoesBookinfo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bookinfo.tar"), "v1");
        MeshFingerprint before = of(Map.of("mesh.images.preload", dir.toString()));
        assertTrue(before.parts().containsKey("bookinfo.images"), before.parts().toString());
        assertNotEquals(before.hash(), of(Map.of("mesh.images.preload", dir.toString(), "mesh.bookinfo.tag",
                "1.19.1")).hash(), "with preloaded images Bookinfo's come from the node's start");
        Files.writeString(dir.resolve("istio.tar"), "istio");
        MeshFingerprint after = of(Map.of("mesh.images.preload", dir.toString()));
        assertTrue(after.differences(before.parts()).get(0).startsWith("images.preload: "),
                after.differences(before.parts()).toString());
        assertFalse(of(Map.of()).parts().containsKey("bookinfo.images"), "without preload Bookinfo is per run");
        Files.createDirectories(dir.resolve("notes"));
        assertEquals(after.hash(), of(Map.of("mesh.images.preload", dir.toString())).hash(),
                "a directory inside is no image k3s imports");
        Files.writeString(dir.resolve("istio.tar"), "istio, rebuilt larger");
        assertNotEquals(after.hash(), of(Map.of("mesh.images.preload", dir.toString())).hash(),
                "a tarball replaced in place counts");
    }
}
