package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.meshconformance.cluster.KubeClients;
import io.meshconformance.cluster.Kubeconfigs;
import io.meshconformance.cluster.MeshCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Component tier: check 'api' against a mock API server that refuses the credentials. */
@Tag("component")
class ApiCheckTest extends AgainstHealthyMesh {

    @Test
    void rejectedCredentialsAreNamedWithTheRefreshFix() {
        clusters.server("primary").expect().get().withPath("/api/v1/namespaces?limit=1")
                .andReturn(401, new StatusBuilder().withCode(401).withReason("Unauthorized")
                        .withMessage("Unauthorized").build()).always();
        DoctorReport report = run();
        assertFails(report, "api", "primary", "HTTP 401", "refresh the kubeconfig");
    }

    @Test
    void credentialsTheClientCannotUseAreNamedWithTheContextToCheck() {
        // As when a kubeconfig's credential plugin fails: no request leaves this machine.
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(clusters.remote().client()
                .getConfiguration()).withRequestRetryBackoffLimit(0).withOauthTokenProvider(() -> {
                    throw new IllegalStateException("the credential plugin exited with status 1");
                }).build()).build();
        try (client) {
            MeshCluster remote = new MeshCluster(clusters.remote().spec(), client, "", "");
            CheckResult r = new ApiCheck(remote).run();
            assertEquals(CheckResult.Status.FAIL, r.status(), r.evidence());
            assertTrue(r.evidence().contains("the credential plugin exited with status 1"), r.evidence());
            assertTrue(r.fix().startsWith("the client could not use the kubeconfig's credentials for http://"), r.fix());
            assertTrue(r.fix().endsWith(": check them with kubectl --context of mesh.remote.context and fix what the"
                    + " message names"), r.fix());
        }
    }

    @Test
    void credentialsThatMayNotListNamespacesAreNamedWithTheAccessNeeded() {
        // /version answers anyone; the namespace list is what proves the identity may read.
        clusters.server("remote").expect().get().withPath("/api/v1/namespaces?limit=1")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("namespaces is forbidden").build()).always();
        DoctorReport report = run();
        assertFails(report, "api", "remote", "HTTP 403: ", "the credentials are accepted but may not list namespaces"
                + " (403); the harness needs an identity that may read and create namespaced objects");
        assertSkipped(report, "istio-remote", "remote", "the API server of 'remote' did not answer");
    }

    @Test
    void turningTlsVerificationOffIsAWarningWithTheFixAndTheLaterChecksStillRun() {
        // An https API server whose kubeconfig says insecure-skip-tls-verify: true (the mock's own client trusts any
        // certificate, as such a kubeconfig makes fabric8's client do).
        KubernetesMockServer https = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()), true, new VersionInfo.Builder().withMajor("1")
                .withMinor("35").withGitVersion("v1.35.4+k3s1").build());
        https.init();
        try (KubernetesClient client = https.createClient()) {
            assertTrue(client.getConfiguration().isTrustCerts());
            CheckResult r = new ApiCheck(new MeshCluster(clusters.remote().spec(), client, "", "")).run();
            assertEquals(CheckResult.Status.WARN, r.status(), r.evidence());
            assertTrue(r.evidence().endsWith("; the credentials may list namespaces, but the kubeconfig turns TLS"
                    + " verification off (insecure-skip-tls-verify)"), r.evidence());
            assertTrue(r.fix().contains("put the cluster's CA in the kubeconfig (certificate-authority-data) and drop"
                    + " insecure-skip-tls-verify"), r.fix());
        } finally {
            https.destroy();
        }
        // Over plain http there is no TLS to verify (the mocks): no warning.
        assertEquals(CheckResult.Status.PASS, new ApiCheck(clusters.primary()).run().status());
    }

    @Test
    void aServerThatGivesNoVersionIsNoAnswerNotAnInternalError() throws Exception {
        // Something that is not an API server: the client reads its 404 for /version as no version at all.
        HttpServer notKubernetes = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notKubernetes.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        notKubernetes.start();
        String url = "http://127.0.0.1:" + notKubernetes.getAddress().getPort();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(url)
                .withRequestRetryBackoffLimit(0).build()).build()) {
            CheckResult r = new ApiCheck(new MeshCluster(clusters.remote().spec(), client, "", "")).run();
            assertEquals(CheckResult.Status.FAIL, r.status(), r.evidence());
            assertEquals("no answer to GET /version from " + url + "/", r.evidence());
            assertTrue(r.fix().startsWith("no usable answer from " + url + "/: check that the cluster runs"), r.fix());
        } finally {
            notKubernetes.stop(0);
        }
    }

    @Test
    void aServerThatRefusesIsReportedWithinFiveSeconds(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // closed again: a connection there is refused
        }
        String url = "https://127.0.0.1:" + port;
        CheckResult r = apiRowWithin(Duration.ofSeconds(5), dir, url);
        assertEquals(CheckResult.Status.FAIL, r.status(), r.evidence());
        assertTrue(r.evidence().startsWith("the connection to " + url + "/ was refused: nothing listens there ("),
                r.evidence());
        assertTrue(r.evidence().contains("Connection refused"), r.evidence());
        assertTrue(r.fix().startsWith("no usable answer from " + url + "/: check that the cluster runs, that this"
                + " machine reaches it (VPN, firewall, proxy), and the context chosen with mesh.remote.context"),
                r.fix());
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersIsReportedWithinFiveSeconds(@TempDir Path dir) throws Exception {
        // The kernel completes the connection (backlog) though nothing ever accepts it: no TLS, no HTTP answer.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "https://127.0.0.1:" + silent.getLocalPort();
            CheckResult r = apiRowWithin(Duration.ofSeconds(5), dir, url);
            assertEquals(CheckResult.Status.FAIL, r.status(), r.evidence());
            assertTrue(r.evidence().startsWith("the API server did not answer within 3 s ("), r.evidence());
            assertTrue(r.fix().startsWith("no usable answer from " + url + "/: check that the cluster runs"),
                    r.fix());
        }
    }

    /**
     * The doctor's row 'api' for a remote reached as the harness reaches an existing cluster (its kubeconfig, through
     * {@link KubeClients#connect}), asserting it comes within {@code bound}.
     */
    private CheckResult apiRowWithin(Duration bound, Path dir, String server) throws Exception {
        Path kubeconfig = Kubeconfigs.write(dir, "remote.kubeconfig", Map.of("c", server), "c");
        try (KubernetesClient client = KubeClients.connect(kubeconfig, "c", KubeClients.EXEC_TIMEOUT)) {
            MeshCluster remote = new MeshCluster(clusters.remote().spec(), client, "", server);
            long begin = System.nanoTime();
            DoctorReport report = new PreflightDoctor(clusters.primary(), List.of(remote), controlPlane -> istiod,
                    VERIFY, RUN).run(step -> { });
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            assertTrue(took.compareTo(bound) < 0, "the doctor took " + took + " (bound " + bound + ")\n"
                    + report.table());
            return result(report, "api", "remote");
        }
    }
}
