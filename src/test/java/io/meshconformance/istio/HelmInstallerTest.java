package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.ChartSource;
import io.meshconformance.config.IstioVersion;
import io.meshconformance.lifecycle.CleanupStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer with real Helm (helm-java's native library) against a fabric8 mock API server, using a tiny chart
 * of our own packaged as {@code base-1.30.3.tgz}, the way a local chart directory of Istio archives is laid out.
 * Proves the chart lookup in a local directory, the kubeconfig handover and that Helm's own error text reaches the
 * user. A whole install cannot run against the mock: Helm sends some objects as protobuf, which the mock cannot
 * read.
 */
@Tag("component")
class HelmInstallerTest {

    static final IstioVersion VERSION = IstioVersion.parse("1.30.3");

    MockClusters clusters;
    String kubeconfig;

    @BeforeEach
    void setUp() {
        clusters = new MockClusters();
        // Helm maps kinds to resources through API discovery, which the CRUD mock does not serve: answer it for
        // the kinds Helm touches here (the chart's ConfigMap, the namespace it creates, its release Secrets).
        var server = clusters.server("primary");
        String resources = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
                + "{\"name\":\"configmaps\",\"namespaced\":true,\"kind\":\"ConfigMap\","
                + "\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]},"
                + "{\"name\":\"namespaces\",\"namespaced\":false,\"kind\":\"Namespace\","
                + "\"verbs\":[\"create\",\"delete\",\"get\",\"list\"]},"
                + "{\"name\":\"secrets\",\"namespaced\":true,\"kind\":\"Secret\","
                + "\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"update\"]}]}";
        for (String query : new String[] {"", "?timeout=32s"}) {
            server.expect().get().withPath("/api" + query)
                    .andReturn(200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}").always();
            server.expect().get().withPath("/apis" + query)
                    .andReturn(200, "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}").always();
            server.expect().get().withPath("/api/v1" + query).andReturn(200, resources).always();
        }
        kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context: {cluster: mock, user: mock}
                current-context: mock
                users:
                - name: mock
                  user: {}
                """.formatted(clusters.primary().client().getMasterUrl().toString());
    }

    @AfterEach
    void tearDown() {
        clusters.close();
    }

    /** A chart named {@code base} whose only object is a ConfigMap echoing two values. */
    static Path packagedChart(Path dir) throws Exception {
        Path chart = Files.createDirectories(dir.resolve("src/base"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: base\nversion: 1.30.3\n");
        Files.writeString(chart.resolve("values.yaml"), "global:\n  meshID: none\nprofile: default\n");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("templates/configmap.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-values
                  namespace: {{ .Release.Namespace }}
                data:
                  meshID: {{ .Values.global.meshID | quote }}
                  profile: {{ .Values.profile | quote }}
                """);
        Path archives = Files.createDirectories(dir.resolve("charts"));
        new Helm(chart).packageIt().withDestination(archives).call();
        return archives;
    }

    @Test
    void helmsOwnErrorIsSurfacedNamingTheClusterAndRelease(@TempDir Path dir) throws Exception {
        Path archives = packagedChart(dir);
        Files.writeString(dir.resolve("src/base/templates/broken.yaml"), "{{ fail \"values say no\" }}\n");
        Files.delete(archives.resolve("base-1.30.3.tgz"));
        new Helm(dir.resolve("src/base")).packageIt().withDestination(archives).call();
        HelmInstaller helm = new HelmInstaller(ChartSource.parse(archives.toString()), VERSION, dir.resolve("work"));
        IstioInstallException e = assertThrows(IstioInstallException.class, () -> helm.install(new HelmRelease(
                "remote", "istio-base", "base", "istio-system", Map.of()), withKubeconfig(), Duration.ofSeconds(30),
                new CleanupStack()));
        assertTrue(e.getMessage().startsWith("Cluster 'remote': helm install istio-base (chart base 1.30.3) failed: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("values say no"), e.getMessage());
    }

    @Test
    void aMissingArchiveIsNamedWithHowToGetIt(@TempDir Path dir) {
        HelmInstaller helm = new HelmInstaller(ChartSource.parse(dir.toString()), VERSION, dir.resolve("work"));
        IstioInstallException e = assertThrows(IstioInstallException.class, () -> helm.install(new HelmRelease(
                "primary", "istiod", "istiod", "istio-system", Map.of()), withKubeconfig(), Duration.ofSeconds(5),
                new CleanupStack()));
        assertTrue(e.getMessage().contains("istiod-1.30.3.tgz is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("helm pull istio/istiod --version 1.30.3"), e.getMessage());
    }

    /**
     * A Helm repository that demands a password, served on loopback by the JDK's HTTP server: Helm's repository file
     * (which holds the credentials) stays out of the results that CI publishes and is gone once the installer closes.
     */
    @Test
    void aRepositorysCredentialsNeverLandInTheResults(@TempDir Path dir) throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String expected = "Basic " + Base64.getEncoder().encodeToString(("reader:" + password)
                .getBytes(StandardCharsets.UTF_8));
        HttpServer repository = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        repository.createContext("/charts/index.yaml", exchange -> {
            byte[] body = "apiVersion: v1\nentries: {}\ngenerated: \"2026-11-25T14:00:00Z\"\n"
                    .getBytes(StandardCharsets.UTF_8);
            int status = expected.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 200 : 401;
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            if (status == 200) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        repository.start();
        Path results = dir.resolve("results");
        HelmInstaller helm = new HelmInstaller(ChartSource.parse("http://reader:" + password + "@127.0.0.1:"
                + repository.getAddress().getPort() + "/charts"), VERSION, results.resolve("helm"));
        try {
            Path file = helm.repositoryConfig(URI.create("http://reader:" + password + "@127.0.0.1:"
                    + repository.getAddress().getPort() + "/charts"));
            assertTrue(Files.isRegularFile(file), "Helm added the repository, with the password it demands");
            assertFalse(file.toAbsolutePath().startsWith(results.toAbsolutePath()), file.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
            helm.close();
            assertFalse(Files.exists(file), "deleted when the installer closes");
            assertFalse(Files.exists(file.getParent()));
            if (Files.exists(results)) {
                try (Stream<Path> all = Files.walk(results)) {
                    for (Path written : all.filter(Files::isRegularFile).toList()) {
                        assertFalse(Files.readString(written).contains(password), written.toString());
                    }
                }
            }
        } finally {
            helm.close();
            repository.stop(0);
        }
    }

    /** The mock primary, reached through {@code kubeconfig} as Helm reads it. */
    private MeshCluster withKubeconfig() {
        MeshCluster primary = clusters.primary();
        return new MeshCluster(primary.spec(), primary.client(), kubeconfig, primary.internalServer());
    }
}
