package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.marcnuri.helm.Helm;
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
                "remote", "istio-base", "base", "istio-system", Map.of()), kubeconfig, Duration.ofSeconds(30),
                new CleanupStack()));
        assertTrue(e.getMessage().startsWith("Cluster 'remote': helm install istio-base (chart base 1.30.3) failed: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("values say no"), e.getMessage());
    }

    @Test
    void aMissingArchiveIsNamedWithHowToGetIt(@TempDir Path dir) {
        HelmInstaller helm = new HelmInstaller(ChartSource.parse(dir.toString()), VERSION, dir.resolve("work"));
        IstioInstallException e = assertThrows(IstioInstallException.class, () -> helm.install(new HelmRelease(
                "primary", "istiod", "istiod", "istio-system", Map.of()), kubeconfig, Duration.ofSeconds(5),
                new CleanupStack()));
        assertTrue(e.getMessage().contains("istiod-1.30.3.tgz is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("helm pull istio/istiod --version 1.30.3"), e.getMessage());
    }
}
