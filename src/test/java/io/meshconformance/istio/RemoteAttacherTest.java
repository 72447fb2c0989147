package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.text.FakeSecrets;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: the attach flow against two fabric8 mock API servers standing for the two clusters. The mocks
 * have no token controller: {@link #actAsTokenController} plays its part by filling the token Secret.
 */
@Tag("component")
class RemoteAttacherTest {

    static final RunId RUN = new RunId("20261125-1400-abcd");
    static final String TOKEN = "fake-reader-token-0123456789";
    static final String CA = FakeSecrets.pem("CERTIFICATE", "the cluster CA of the test") + "\n";

    MockClusters clusters;

    @BeforeEach
    void clusters() {
        clusters = new MockClusters();
        // Plays the base chart: it creates the reader service account in the remote.
        clusters.remote().client().serviceAccounts().inNamespace("istio-system").resource(new ServiceAccountBuilder()
                .withNewMetadata().withName("istio-reader-service-account").withNamespace("istio-system")
                .endMetadata().build()).create();
    }

    @AfterEach
    void close() {
        clusters.close();
    }

    /** Plays Kubernetes' token controller: fills token and ca.crt once the Secret exists. */
    static void actAsTokenController(KubernetesClient remote) {
        Awaitility.await("token Secret created by the attacher").atMost(Duration.ofSeconds(10)).until(() ->
                remote.secrets().inNamespace("istio-system").withName(RemoteSecret.TOKEN_SECRET).get() != null);
        remote.secrets().inNamespace("istio-system").withName(RemoteSecret.TOKEN_SECRET).edit(s -> new SecretBuilder(s)
                .addToData("token", b64(TOKEN)).addToData("ca.crt", b64(CA)).build());
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void attachCreatesExactlyTheTokenSecretInTheRemoteAndTheRemoteSecretInThePrimary() throws Exception {
        CleanupStack cleanup = new CleanupStack();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        String name;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<String> attach = CompletableFuture.supplyAsync(() -> new RemoteAttacher(
                    Duration.ofSeconds(20), RUN).attach(clusters.primary(), clusters.remote(), cleanup).secretName());
            actAsTokenController(clusters.remote().client());
            name = attach.get(30, TimeUnit.SECONDS);
        } finally {
            System.setErr(originalErr);
        }
        assertEquals("istio-remote-secret-remote", name);

        KubernetesClient primary = clusters.primary().client();
        KubernetesClient remote = clusters.remote().client();
        List<Secret> primarySecrets = primary.secrets().inAnyNamespace().list().getItems();
        assertEquals(List.of("istio-system/istio-remote-secret-remote"), names(primarySecrets));
        List<Secret> remoteSecrets = remote.secrets().inAnyNamespace().list().getItems();
        assertEquals(List.of("istio-system/" + RemoteSecret.TOKEN_SECRET), names(remoteSecrets));

        Secret secret = primarySecrets.get(0);
        assertEquals("true", secret.getMetadata().getLabels().get("istio/multiCluster"));
        assertEquals("remote", secret.getMetadata().getAnnotations().get("networking.istio.io/cluster"));
        Map<String, String> data = secret.getData() != null ? secret.getData() : Map.of();
        String kubeconfig = data.containsKey("remote")
                ? new String(Base64.getDecoder().decode(data.get("remote")), StandardCharsets.UTF_8)
                : secret.getStringData().get("remote");
        var config = KubeConfigUtils.parseConfigFromString(kubeconfig);
        assertEquals("https://" + MockClusters.REMOTE_NODE + ":6443",
                config.getClusters().get(0).getCluster().getServer(), "the remote node's address, never localhost");
        assertEquals(TOKEN, config.getUsers().get(0).getUser().getToken());

        assertFalse(log.toString(StandardCharsets.UTF_8).contains(TOKEN), "the token must never be logged");
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("remote secret istio-remote-secret-remote created"),
                log.toString(StandardCharsets.UTF_8));

        cleanup.close();
        assertEquals(List.of(), names(primary.secrets().inAnyNamespace().list().getItems()));
        assertEquals(List.of(), names(remote.secrets().inAnyNamespace().list().getItems()));
    }

    @Test
    void aTokenThatNeverArrivesEndsInANamedTimeout() {
        CleanupStack cleanup = new CleanupStack();
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class, () -> new RemoteAttacher(
                Duration.ofMillis(1500), RUN).attach(clusters.primary(), clusters.remote(), cleanup));
        assertTrue(e.getMessage().startsWith("Timed out after 1.5 s waiting for cluster 'remote': the token"
                + " controller fills Secret istio-system/istio-reader-service-account-istio-remote-secret-token with"
                + " token and ca.crt; last seen: data keys so far: []"), e.getMessage());
        assertNull(clusters.primary().client().secrets().inNamespace("istio-system")
                .withName("istio-remote-secret-remote").get(), "no remote secret without a token");
        cleanup.close();
        assertEquals(List.of(), names(clusters.remote().client().secrets().inAnyNamespace().list().getItems()));
    }

    @Test
    void aRemoteSecretTheRunDidNotCreateIsNotOverwritten() {
        KubernetesClient primary = clusters.primary().client();
        primary.secrets().inNamespace("istio-system").resource(new SecretBuilder().withNewMetadata()
                .withName("istio-remote-secret-remote").withNamespace("istio-system").endMetadata()
                .addToStringData("remote", "someone else's kubeconfig").build()).create();
        CleanupStack cleanup = new CleanupStack();
        IstioInstallException e = assertThrows(IstioInstallException.class, () -> new RemoteAttacher(
                Duration.ofSeconds(20), RUN).attach(clusters.primary(), clusters.remote(), cleanup));
        assertTrue(e.getMessage().contains("exists and was not created by this run; the harness does not overwrite"
                + " it"), e.getMessage());
        assertNull(clusters.remote().client().secrets().inNamespace("istio-system")
                .withName(RemoteSecret.TOKEN_SECRET).get(), "a refused attach creates no reader token");
        cleanup.close();
        Secret kept = primary.secrets().inNamespace("istio-system").withName("istio-remote-secret-remote").get();
        assertEquals("someone else's kubeconfig", kept.getStringData() != null ? kept.getStringData().get("remote")
                : new String(Base64.getDecoder().decode(kept.getData().get("remote")), StandardCharsets.UTF_8));
    }

    /** What istioctl create-remote-secret 1.30.3 leaves in the remote: a filled reader token, not the run's. */
    static Secret istioctlToken(String name) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace("istio-system")
                .addToAnnotations("kubernetes.io/service-account.name", "istio-reader-service-account").endMetadata()
                .withType("kubernetes.io/service-account-token")
                .addToData("token", b64(TOKEN)).addToData("ca.crt", b64(CA)).build();
    }

    @Test
    void aReaderTokenLeftByIstioctlIsUsedAsIstioctlWouldAndLeftAsItWas() throws Exception {
        KubernetesClient remote = clusters.remote().client();
        KubernetesClient primary = clusters.primary().client();
        remote.secrets().inNamespace("istio-system").resource(istioctlToken(RemoteSecret.TOKEN_SECRET)).create();
        String before = remote.secrets().inNamespace("istio-system").withName(RemoteSecret.TOKEN_SECRET).get()
                .getMetadata().getResourceVersion();
        CleanupStack cleanup = new CleanupStack();
        Attachment attachment = new RemoteAttacher(Duration.ofSeconds(5), RUN).attach(clusters.primary(),
                clusters.remote(), cleanup);
        assertEquals("istio-remote-secret-remote", attachment.secretName());

        Secret secret = primary.secrets().inNamespace("istio-system").withName("istio-remote-secret-remote").get();
        assertTrue(RUN.owns(secret.getMetadata().getLabels()), "the remote secret in the primary is the run's own");
        Map<String, String> data = secret.getData() != null ? secret.getData() : Map.of();
        String kubeconfig = data.containsKey("remote")
                ? new String(Base64.getDecoder().decode(data.get("remote")), StandardCharsets.UTF_8)
                : secret.getStringData().get("remote");
        assertEquals(TOKEN, KubeConfigUtils.parseConfigFromString(kubeconfig).getUsers().get(0).getUser().getToken(),
                "istioctl's token is the one used");
        assertEquals(List.of("istio-system/" + RemoteSecret.TOKEN_SECRET),
                names(remote.secrets().inAnyNamespace().list().getItems()), "no second token made");

        cleanup.close();
        assertEquals(List.of(), names(primary.secrets().inAnyNamespace().list().getItems()));
        Secret kept = remote.secrets().inNamespace("istio-system").withName(RemoteSecret.TOKEN_SECRET).get();
        assertEquals(before, kept.getMetadata().getResourceVersion(), "istioctl's token is neither changed nor"
                + " deleted");
    }

    @Test
    void aReaderTokenOfAnotherNameIsFoundAsIstioctlFindsIt() {
        // istioctl lists istio-system's Secrets and takes the first service-account token naming the reader account.
        KubernetesClient remote = clusters.remote().client();
        remote.secrets().inNamespace("istio-system").resource(istioctlToken("istio-reader-token-x7k2p")).create();
        CleanupStack cleanup = new CleanupStack();
        new RemoteAttacher(Duration.ofSeconds(5), RUN).attach(clusters.primary(), clusters.remote(), cleanup);
        assertEquals(List.of("istio-system/istio-reader-token-x7k2p"),
                names(remote.secrets().inAnyNamespace().list().getItems()));
        cleanup.close();
        assertEquals(List.of("istio-system/istio-reader-token-x7k2p"),
                names(remote.secrets().inAnyNamespace().list().getItems()));
    }

    @Test
    void aSecretOfTheTokensNameThatIsNoReaderTokenIsRefusedAndLeftAlone() {
        KubernetesClient remote = clusters.remote().client();
        remote.secrets().inNamespace("istio-system").resource(new SecretBuilder().withNewMetadata()
                .withName(RemoteSecret.TOKEN_SECRET).withNamespace("istio-system").endMetadata()
                .addToStringData("note", "someone else's").build()).create();
        CleanupStack cleanup = new CleanupStack();
        IstioInstallException e = assertThrows(IstioInstallException.class, () -> new RemoteAttacher(
                Duration.ofSeconds(5), RUN).attach(clusters.primary(), clusters.remote(), cleanup));
        assertTrue(e.getMessage().contains("Secret istio-system/" + RemoteSecret.TOKEN_SECRET + " exists and was not"
                + " created by this run"), e.getMessage());
        assertNull(clusters.primary().client().secrets().inNamespace("istio-system")
                .withName("istio-remote-secret-remote").get());
    }

    @Test
    void anEastWestGatewayBehindAHostnameIsRefusedBeforeTheRemoteIsTouched() {
        IstioInstaller installer = new IstioInstaller(null, Duration.ofSeconds(5), RUN);
        CleanupStack cleanup = new CleanupStack();
        ControlPlane primary = new ControlPlane("primary", Optional.of("ew-1234.elb.eu-west-1.amazonaws.com"),
                List.of());
        IstioInstallException e = assertThrows(IstioInstallException.class,
                () -> installer.installRemote(clusters.remote(), primary, cleanup));
        assertTrue(e.getMessage().contains("is a hostname, not an IP address"), e.getMessage());
        assertEquals(0, cleanup.size(), "nothing made, nothing to undo");
        assertNull(clusters.remote().client().namespaces().withName("istio-system").get());
    }

    @Test
    void remoteNamespaceIsCreatedWithTheRunAndTheControlPlaneAnnotationAndRemovedByTheUndo() {
        IstioInstaller installer = new IstioInstaller(null, Duration.ofSeconds(5), RUN);
        CleanupStack cleanup = new CleanupStack();
        installer.claimNamespace(clusters.remote(), cleanup);
        installer.prepareNamespace(clusters.remote(), "primary", cleanup);
        var ns = clusters.remote().client().namespaces().withName("istio-system").get();
        assertEquals("primary", ns.getMetadata().getAnnotations().get("topology.istio.io/controlPlaneClusters"));
        assertEquals("20261125-1400-abcd", ns.getMetadata().getLabels().get("io.meshconformance/run"));
        cleanup.close();
        assertNull(clusters.remote().client().namespaces().withName("istio-system").get(),
                "the run created istio-system, so its undo removes it");
    }

    @Test
    void anIstioSystemTheRunDidNotCreateIsRefusedAndLeftUnchanged() {
        clusters.primary().client().namespaces().resource(new NamespaceBuilder()
                .withNewMetadata().withName("istio-system").addToLabels("owner", "platform-team").endMetadata()
                .build()).create();
        var before = clusters.primary().client().namespaces().withName("istio-system").get();
        CleanupStack cleanup = new CleanupStack();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new IstioInstaller(null, Duration.ofSeconds(5), RUN).claimNamespace(clusters.primary(), cleanup));
        assertTrue(e.getMessage().contains("Cluster 'primary': namespace istio-system exists and was not created by"
                + " this run"), e.getMessage());
        assertTrue(e.getMessage().contains("mesh.existing.install=false"), e.getMessage());
        assertEquals(0, cleanup.size(), "nothing to undo: nothing was done");
        var after = clusters.primary().client().namespaces().withName("istio-system").get();
        assertEquals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
        assertEquals(before.getMetadata().getLabels(), after.getMetadata().getLabels());
    }

    @Test
    void aNamespaceLedByAnotherControlPlaneIsRefused() {
        clusters.remote().client().namespaces().resource(new NamespaceBuilder()
                .withNewMetadata().withName("istio-system").withLabels(RUN.labels())
                .addToAnnotations("topology.istio.io/controlPlaneClusters", "cluster1").endMetadata().build()).create();
        IstioInstaller installer = new IstioInstaller(null, Duration.ofSeconds(5), RUN);
        IstioInstallException e = assertThrows(IstioInstallException.class,
                () -> installer.prepareNamespace(clusters.remote(), "primary", new CleanupStack()));
        assertTrue(e.getMessage().contains("says its control plane is 'cluster1'"), e.getMessage());
    }

    static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()).sorted()
                .toList();
    }
}
