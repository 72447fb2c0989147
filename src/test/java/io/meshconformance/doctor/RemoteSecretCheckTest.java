package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.meshconformance.doctor.CheckResult.Status;
import io.meshconformance.istio.RemoteSecret;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: check 'remote-secret', a secret in the primary that istiod can use to reach the remote. */
@Tag("component")
class RemoteSecretCheckTest extends AgainstHealthyMesh {

    @Test
    void noRemoteSecretAtAll() {
        deleteSecret();
        DoctorReport report = run();
        assertFails(report, "remote-secret", "remote", "no Secret labelled istio/multiCluster=true in istio-system",
                "istioctl create-remote-secret --context=<remote> --name=remote");
        assertEquals(Status.SKIP, result(report, "istiod-sync", "remote").status());
    }

    @Test
    void aSecretWhoseDataKeyIsNotTheClusterName() {
        deleteSecret();
        HealthyMesh.remoteSecret(clusters.primary().client(), "cluster2", RemoteSecret.kubeconfig("cluster2",
                "https://192.168.255.3:6443", HealthyMesh.pem("Y2E="), HealthyMesh.FAKE_TOKEN));
        assertFails(run(), "remote-secret", "remote", "istio-remote-secret-cluster2 [cluster2], none 'remote'",
                "the data key must equal the remote's cluster name");
    }

    @Test
    void aSecretThatHoldsNoKubeconfig() {
        replaceSecret("[not, a, kubeconfig");
        assertFails(run(), "remote-secret", "remote", "istio-system/istio-remote-secret-remote key 'remote' does not"
                + " hold a kubeconfig", "recreate it with istioctl create-remote-secret --name=remote");
    }

    @Test
    void aSecretWhoseKubeconfigNamesNoServer() {
        replaceSecret("apiVersion: v1\nkind: Config\nclusters: []\n");
        assertFails(run(), "remote-secret", "remote", "key 'remote': its kubeconfig has no server",
                "recreate it with istioctl create-remote-secret --name=remote");
    }

    @Test
    void aSecretWhoseServerIsLoopback() {
        replaceSecret(RemoteSecret.kubeconfig("remote", "https://192.168.255.3:6443", HealthyMesh.pem("Y2E="),
                HealthyMesh.FAKE_TOKEN).replace("https://192.168.255.3:6443", "https://127.0.0.1:6443"));
        assertFails(run(), "remote-secret", "remote", "server https://127.0.0.1:6443",
                "which in istiod's pod is the pod itself");
    }

    @Test
    void aSecretWhoseKubeconfigRunsACommand() {
        replaceSecret("apiVersion: v1\nkind: Config\nclusters:\n- name: remote\n  cluster:\n    server:"
                + " https://remote.example.com:6443\ncontexts:\n- name: remote\n  context:\n    cluster: remote\n"
                + "    user: remote\ncurrent-context: remote\nusers:\n- name: remote\n  user:\n    exec:\n"
                + "      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n");
        assertFails(run(), "remote-secret", "remote", "runs a command (exec)", "istiod rejects kubeconfigs");
    }

    @Test
    void aSecretThisRunMadeIsNotASecondAttachment() {
        // The doctor may look again after the run has attached the remote: the run's own secret is no obstacle.
        deleteSecret();
        clusters.primary().client().secrets().inNamespace("istio-system").resource(new SecretBuilder()
                .withNewMetadata().withName("istio-remote-secret-remote").withNamespace("istio-system")
                .addToLabels("istio/multiCluster", "true").addToLabels(RUN.orElseThrow().labels()).endMetadata()
                .addToData("remote", Base64.getEncoder().encodeToString("apiVersion: v1\nkind: Config\n"
                        .getBytes(StandardCharsets.UTF_8))).build()).create();
        DoctorReport report = run(new PreflightDoctor.Expectations(false, true, "bookinfo"));
        assertSkipped(report, "remote-secret", "remote", "this run creates the remote secret");
        DoctorReport onItsOwn = new PreflightDoctor(clusters.primary(), List.of(clusters.remote()), () -> istiod,
                new PreflightDoctor.Expectations(false, true, "bookinfo"), Optional.empty()).run();
        assertFails(onItsOwn, "remote-secret", "remote", "already attaches 'remote'", "mesh.existing.attach=false");
    }

    private void deleteSecret() {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .delete();
    }

    private void replaceSecret(String kubeconfig) {
        deleteSecret();
        HealthyMesh.remoteSecret(clusters.primary().client(), "remote", kubeconfig);
    }
}
