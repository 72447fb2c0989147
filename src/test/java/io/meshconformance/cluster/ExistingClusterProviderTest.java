package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.SettingSource;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Component tier: existing mode's kubeconfigs and contexts, read and checked, then used against two mock servers. */
@Tag("component")
class ExistingClusterProviderTest {

    @TempDir
    Path dir;
    MockClusters mocks;
    Path primaryFile;
    Path remoteFile;

    @BeforeEach
    void kubeconfigs() {
        mocks = new MockClusters();
        // The user's own files: several contexts each, the current one not the mesh's.
        primaryFile = Kubeconfigs.write(dir, "primary.yaml", ordered("dev", "https://127.0.0.1:1",
                "mesh-primary", Kubeconfigs.server(mocks.primary())), "dev");
        remoteFile = Kubeconfigs.write(dir, "remote.yaml", ordered("mesh-remote", Kubeconfigs.server(mocks.remote())),
                "mesh-remote");
    }

    @AfterEach
    void close() {
        mocks.close();
    }

    static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static ExistingClusterProvider provider(MeshSettings settings) {
        return new ExistingClusterProvider(ExistingOptions.from(settings), new RunId("20261125-1500-e7a1"));
    }

    MeshSettings settings(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("mesh.mode", "existing",
                "mesh.primary.kubeconfig", primaryFile.toString(), "mesh.primary.context", "mesh-primary",
                "mesh.remote.kubeconfig", remoteFile.toString()));
        props.putAll(extra);
        return MeshSettings.from(SettingSource.of(props, Map.of()));
    }

    static String problems(MeshSettings settings, MeshTopology topology) {
        return assertThrows(ExistingClusterProvider.InvalidClusterAccessException.class,
                () -> provider(settings).check(topology)).getMessage();
    }

    @Test
    void connectsThroughTheChosenContextsAndNarrowsEachKubeconfigToIt() {
        try (MeshClusters clusters = provider(settings(Map.of())).start(MockClusters.TOPOLOGY)) {
            MeshCluster primary = clusters.primary();
            assertEquals(Kubeconfigs.server(mocks.primary()), Kubeconfigs.server(primary));
            assertNotNull(primary.client().namespaces().list(), "a real request through the chosen context");
            var narrowed = KubeConfigUtils.parseConfigFromString(primary.kubeconfig());
            assertEquals("mesh-primary", narrowed.getCurrentContext(), "Helm gets the chosen context as current");
            assertEquals(List.of("mesh-primary"), narrowed.getContexts().stream().map(c -> c.getName()).toList());
            assertEquals(List.of("mesh-primary"), narrowed.getClusters().stream().map(c -> c.getName()).toList());
            assertEquals(List.of("mesh-primary"), narrowed.getUsers().stream().map(u -> u.getName()).toList(),
                    "the other context's credentials are not passed on");
            MeshCluster remote = clusters.remotes().get(0);
            assertEquals(Kubeconfigs.server(mocks.remote()), Kubeconfigs.server(remote), "the current context");
            assertEquals(Kubeconfigs.server(mocks.remote()), remote.internalServer(),
                    "without mesh.remote.server, the remote secret would use the kubeconfig's server");
        }
    }

    @Test
    void aContextThatIsNotInTheFileIsNamedWithTheOnesThatAre() {
        String message = problems(settings(Map.of("mesh.primary.context", "prod")), MockClusters.TOPOLOGY);
        assertTrue(message.contains("mesh.primary.context = 'prod' is not a context of '" + primaryFile
                + "'; its contexts are [dev, mesh-primary]: set mesh.primary.context to one of them"), message);
    }

    @Test
    void aFileWithoutCurrentContextNeedsTheContextSetting() {
        remoteFile = Kubeconfigs.write(dir, "remote.yaml", ordered("a", "https://10.0.0.1:6443"), null);
        String message = problems(settings(Map.of()), MockClusters.TOPOLOGY);
        assertTrue(message.contains("names no current-context; set mesh.remote.context to one of [a]"), message);
    }

    @Test
    void aFileThatIsNotAKubeconfigIsNamedAndItsContentIsNotEchoed() throws Exception {
        Files.writeString(remoteFile, "token: " + Kubeconfigs.FAKE_TOKEN + "\n: : [not yaml\n");
        String message = problems(settings(Map.of()), MockClusters.TOPOLOGY);
        assertTrue(message.contains("mesh.remote.kubeconfig = '" + remoteFile + "'"), message);
        assertFalse(message.contains(Kubeconfigs.FAKE_TOKEN), message);
    }

    @Test
    void bothKubeconfigsReachingOneClusterIsRefused() {
        remoteFile = Kubeconfigs.write(dir, "remote.yaml", ordered("same", Kubeconfigs.server(mocks.primary())),
                "same");
        String message = problems(settings(Map.of()), MockClusters.TOPOLOGY);
        assertTrue(message.contains("both reach " + Kubeconfigs.server(mocks.primary())
                + ": the primary and the remote must be two clusters"), message);
    }

    @Test
    void attachingARemoteKnownOnlyByALoopbackAddressNeedsItsServerForPods() {
        // Like kind or a port-forward: the user's kubeconfig reaches the remote on 127.0.0.1.
        remoteFile = Kubeconfigs.write(dir, "remote.yaml", ordered("kind-remote", "https://127.0.0.1:40123"),
                "kind-remote");
        String message = problems(settings(Map.of("mesh.existing.attach", "true")), MockClusters.TOPOLOGY);
        assertTrue(message.contains("reaches the remote at https://127.0.0.1:40123, which istiod's pod in the"
                + " primary cannot use (loopback); mesh.existing.attach=true needs mesh.remote.server"), message);
        provider(settings(Map.of())).check(MockClusters.TOPOLOGY); // verifying needs no server
        provider(settings(Map.of("mesh.existing.attach", "true", "mesh.remote.server",
                "https://172.18.0.3:6443"))).check(MockClusters.TOPOLOGY);
    }

    @Test
    void theRemoteServerSettingIsWhatTheRemoteSecretWouldUse() {
        try (MeshClusters clusters = provider(settings(Map.of("mesh.remote.server",
                "https://10.0.0.12:6443"))).start(MockClusters.TOPOLOGY)) {
            assertEquals("https://10.0.0.12:6443", clusters.remotes().get(0).internalServer());
        }
    }

    @Test
    void existingModeTakesOnePrimaryAndOneRemote() throws Exception {
        MeshTopology three = TopologyLoader.parse(Files.readString(Path.of("fixtures/topologies/default.yaml"))
                + "  - name: remote2\n    role: remote\n    network: network1\n    podCidr: 10.30.0.0/16\n"
                + "    serviceCidr: 10.255.30.0/24\n    clusterDns: 10.255.30.10\n", "three clusters", List.of());
        String message = problems(settings(Map.of()), three);
        assertTrue(message.contains("has 3 clusters (2 remote); existing mode takes exactly one primary and one"
                + " remote"), message);
    }

    @Test
    void aKubeconfigNamingAMissingCertificateFileIsNamedWithTheFile() throws Exception {
        Files.writeString(remoteFile, Files.readString(remoteFile).replaceFirst("token: \\S+",
                "client-certificate: /nonexistent/remote.crt\n    client-key: /nonexistent/remote.key"));
        var e = assertThrows(ExistingClusterProvider.InvalidClusterAccessException.class,
                () -> provider(settings(Map.of())).start(MockClusters.TOPOLOGY));
        assertTrue(e.getMessage().contains("mesh.remote.kubeconfig = '" + remoteFile + "', context 'mesh-remote': no"
                + " client can be made from it: "), e.getMessage());
        assertTrue(e.getMessage().contains("/nonexistent/remote.crt"), e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        Files.writeString(primaryFile, "just text");
        remoteFile = Kubeconfigs.write(dir, "remote.yaml", ordered("a", "https://10.0.0.1:6443"), null);
        String message = problems(settings(Map.of()), MockClusters.TOPOLOGY);
        assertTrue(message.startsWith("Existing clusters cannot be used (2):"), message);
    }

    @Test
    void aServerWithCredentialsInItsUrlIsNamedWithoutThem() {
        String password = "pw" + Long.toHexString(System.nanoTime());
        String server = "https://admin:" + password + "@127.0.0.1:6443";
        primaryFile = Kubeconfigs.write(dir, "p2.yaml", ordered("mesh-primary", server), "mesh-primary");
        remoteFile = Kubeconfigs.write(dir, "r2.yaml", ordered("mesh-remote", server), "mesh-remote");
        String message = problems(settings(Map.of("mesh.existing.attach", "true")), MockClusters.TOPOLOGY);
        assertTrue(message.contains("both reach https://<redacted>@127.0.0.1:6443"), message);
        assertTrue(message.contains("reaches the remote at https://<redacted>@127.0.0.1:6443, which istiod's pod"),
                message);
        assertFalse(message.contains(password), message);
    }
}
