package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.meshconformance.cluster.MockClusters;
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
        DoctorReport onItsOwn = new PreflightDoctor(clusters.primary(), List.of(clusters.remote()), controlPlane -> istiod,
                new PreflightDoctor.Expectations(false, true, "bookinfo"), Optional.empty()).run();
        assertFails(onItsOwn, "remote-secret", "remote", "already attaches 'remote'", "mesh.existing.attach=false");
    }

    // ---- istiod 1.30's reading of the kubeconfig (pkg/kube/util.go NewUntrustedRestConfig; client-go validation) --

    private static final String GOOD_SERVER = "https://" + MockClusters.REMOTE_NODE
            + ":6443";

    /** A kubeconfig of one context 'remote' (cluster and user 'remote'), with {@code cluster} and {@code user}. */
    private static String kubeconfig(String clusterFields, String userFields, String more) {
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: remote\n  cluster:\n" + clusterFields
                + "contexts:\n- name: remote\n  context:\n    cluster: remote\n    user: remote\n"
                + "current-context: remote\nusers:\n- name: remote\n  user:\n" + userFields + more;
    }

    private static final String SERVER = "    server: " + GOOD_SERVER + "\n    certificate-authority-data: Y2E=\n";
    private static final String TOKEN = "    token: " + HealthyMesh.FAKE_TOKEN + "\n";
    private static final String EXEC = "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
            + "      command: aws\n";

    @Test
    void theServerIsTheCurrentContextsNotTheFirstClusters() {
        // The first cluster listed is loopback; istiod connects to the current context's, which is fine.
        replaceSecret("apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster:\n"
                + "    server: https://127.0.0.1:6443\n    certificate-authority-data: Y2E=\n"
                + "- name: remote\n  cluster:\n" + SERVER
                + "contexts:\n- name: remote\n  context:\n    cluster: remote\n    user: remote\n"
                + "- name: local\n  context:\n    cluster: local\n    user: remote\n"
                + "current-context: remote\nusers:\n- name: remote\n  user:\n" + TOKEN);
        CheckResult r = result(run(), "remote-secret", "remote");
        assertEquals(Status.PASS, r.status(), r.toString());
        assertTrue(r.evidence().contains("server " + GOOD_SERVER), r.evidence());
        // ... and the other way round: the first cluster is fine, the current context's is loopback.
        replaceSecret("apiVersion: v1\nkind: Config\nclusters:\n- name: remote\n  cluster:\n" + SERVER
                + "- name: local\n  cluster:\n    server: https://127.0.0.1:6443\n"
                + "    certificate-authority-data: Y2E=\n"
                + "contexts:\n- name: local\n  context:\n    cluster: local\n    user: remote\n"
                + "current-context: local\nusers:\n- name: remote\n  user:\n" + TOKEN);
        assertFails(run(), "remote-secret", "remote", "server https://127.0.0.1:6443", "pod itself");
    }

    @Test
    void aKubeconfigWithoutACurrentContextIsNotLoaded() {
        replaceSecret(kubeconfig(SERVER, TOKEN, "").replace("current-context: remote\n", ""));
        assertFails(run(), "remote-secret", "remote", "names no current-context", "kubeconfig is not valid");
    }

    @Test
    void aContextNamingAUserTheFileLacksIsNotLoaded() {
        replaceSecret(kubeconfig(SERVER, TOKEN, "").replace("    user: remote\n", "    user: reader\n"));
        assertFails(run(), "remote-secret", "remote", "context 'remote' names the user 'reader', which is not in"
                + " the file", "istioctl create-remote-secret");
    }

    @Test
    void aCertificateAuthorityReadFromAFileIsNotLoaded() {
        replaceSecret(kubeconfig("    server: " + GOOD_SERVER + "\n    certificate-authority: /etc/remote/ca.crt\n",
                TOKEN, ""));
        CheckResult r = result(run(), "remote-secret", "remote");
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.evidence().contains("certificate-authority from the file /etc/remote/ca.crt"), r.evidence());
        assertTrue(r.fix().contains("certificate-authority-data"), r.fix());
    }

    @Test
    void execAllowedByIstiodsOptionIsAWarningNotAFailure() {
        istiodEnv("PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS", "exec,tokenFile");
        replaceSecret(kubeconfig(SERVER, EXEC, ""));
        DoctorReport report = run();
        CheckResult r = result(report, "remote-secret", "remote");
        assertEquals(Status.WARN, r.status(), report.table());
        assertTrue(r.evidence().contains("runs a command (exec) for its credentials ('aws')"), r.evidence());
        assertTrue(r.evidence().contains("PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS=exec,tokenFile"),
                r.evidence());
        assertTrue(r.fix().contains("runs that command in its own pod"), r.fix());
        assertFalse(report.failed(), report.table());
    }

    @Test
    void whatTheOptionDoesNotAllowFailsNamingTheOption() {
        // istiod splits at commas and trims nothing: " tokenFile" allows nothing.
        istiodEnv("PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS", "exec, tokenFile");
        replaceSecret(kubeconfig(SERVER, "    tokenFile: /var/run/secrets/remote/token\n", ""));
        assertFails(run(), "remote-secret", "remote", "reads its token from the file /var/run/secrets/remote/token",
                "PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS");
        CheckResult r = result(run(), "remote-secret", "remote");
        assertTrue(r.fix().contains("tokenFile") && r.fix().contains("send its own token"), r.fix());
        assertTrue(r.evidence().contains("exec, tokenFile"), r.evidence());
    }

    @Test
    void aPlainHttpServerIsAWarningNotAFailure() {
        replaceSecret(kubeconfig(SERVER.replace("https://", "http://"), TOKEN, ""));
        DoctorReport report = run();
        CheckResult r = result(report, "remote-secret", "remote");
        assertEquals(Status.WARN, r.status(), report.table());
        assertTrue(r.fix().contains("in the clear"), r.fix());
        assertFalse(report.failed(), report.table());
        assertEquals(Status.PASS, result(report, "istiod-sync", "remote").status(), report.table());
    }

    @Test
    void aPlainHttpLoopbackServerStillFails() {
        replaceSecret(kubeconfig("    server: http://127.0.0.1:6443\n", TOKEN, ""));
        assertFails(run(), "remote-secret", "remote", "server http://127.0.0.1:6443", "pod itself");
    }

    @Test
    void aSecretWithoutTheLabelIsNamedAsIgnored() {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .edit(s -> new SecretBuilder(s).editMetadata().removeFromLabels("istio/multiCluster").endMetadata()
                        .build());
        assertFails(run(), "remote-secret", "remote", "istio-system/istio-remote-secret-remote holds key 'remote'"
                + " but has no label istio/multiCluster=true", "kubectl --context=<primary> -n istio-system label"
                + " secret istio-remote-secret-remote istio/multiCluster=true");
    }

    @Test
    void aSecretInAnotherNamespaceIsNamedAsIgnored() {
        deleteSecret();
        clusters.primary().client().secrets().inNamespace("default").resource(new SecretBuilder()
                .withNewMetadata().withName("istio-remote-secret-remote").withNamespace("default")
                .addToLabels("istio/multiCluster", "true").endMetadata()
                .addToData("remote", Base64.getEncoder().encodeToString(kubeconfig(SERVER, TOKEN, "")
                        .getBytes(StandardCharsets.UTF_8))).build()).create();
        assertFails(run(), "remote-secret", "remote", "default/istio-remote-secret-remote holds key 'remote' but"
                + " is in namespace default", "istioctl create-remote-secret");
    }

    @Test
    void aSecretElsewhereAnnotatedForTheRemoteIsNamed() {
        deleteSecret();
        clusters.primary().client().secrets().inNamespace("kube-system").resource(new SecretBuilder()
                .withNewMetadata().withName("remote-kubeconfig").withNamespace("kube-system")
                .addToAnnotations("networking.istio.io/cluster", "remote").endMetadata()
                .addToData("config", Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        CheckResult r = result(run(), "remote-secret", "remote");
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.evidence().contains("kube-system/remote-kubeconfig"), r.evidence());
        assertTrue(r.evidence().contains("networking.istio.io/cluster=remote"), r.evidence());
    }

    // ---- which istiod's PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS the doctor reads ----

    @Test
    void anUnsetOptionRefusesExecAndSaysWhereItLooked() {
        replaceSecret(kubeconfig(SERVER, EXEC, ""));
        DoctorReport report = run();
        assertFails(report, "remote-secret", "remote", "PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS (unset in"
                + " istio-system/istiod) does not allow 'exec'", "add 'exec' to"
                + " PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS in the env of istiod's discovery container");
        assertEquals(Status.SKIP, result(report, "istiod-sync", "remote").status(), report.table());
    }

    @Test
    void anOptionSetFromAReferenceIsJudgedUnset() {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod")
                .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer()
                        .addNewEnv().withName("PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS").withNewValueFrom()
                        .withNewConfigMapKeyRef("options", "istiod-options", false).endValueFrom().endEnv()
                        .endContainer().endSpec().endTemplate().endSpec().build());
        replaceSecret(kubeconfig(SERVER, EXEC, ""));
        assertFails(run(), "remote-secret", "remote", "PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS of"
                + " istio-system/istiod (set from a reference the doctor does not read, so judged unset) does not"
                + " allow 'exec'", "add 'exec'");
    }

    @Test
    void anOptionSetToNothingAllowsNothing() {
        istiodEnv("PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS", "");
        replaceSecret(kubeconfig(SERVER, EXEC, ""));
        assertFails(run(), "remote-secret", "remote", "istio-system/istiod's"
                + " PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS= does not allow 'exec'", "add 'exec'");
    }

    @Test
    void theOptionCountsOnlyInTheDiscoveryContainer() {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod")
                .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec().addNewContainer()
                        .withName("sidecar").addNewEnv().withName("PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS")
                        .withValue("exec").endEnv().endContainer().endSpec().endTemplate().endSpec().build());
        replaceSecret(kubeconfig(SERVER, EXEC, ""));
        assertFails(run(), "remote-secret", "remote", "(unset in istio-system/istiod) does not allow 'exec'",
                "add 'exec'");
    }

    @Test
    void withoutAnIstiodDeploymentTheOptionIsJudgedUnset() {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        replaceSecret(kubeconfig(SERVER, EXEC, ""));
        assertFails(run(), "remote-secret", "remote", "istiod's PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS (no"
                + " istiod Deployment found, so judged unset) does not allow 'exec'", "add 'exec'");
    }

    @Test
    void theReadyIstiodsOptionCountsNotAStoppedOnes() {
        // Whichever Deployment the API server lists first, the doctor reads the one with ready pods.
        replaceSecret(kubeconfig(SERVER, EXEC, ""));
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        istiodDeployment("istiod-a", 0, "exec");
        istiodDeployment("istiod-b", 1, "tokenFile");
        assertFails(run(), "remote-secret", "remote", "istio-system/istiod-b's"
                + " PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS=tokenFile does not allow 'exec'", "add 'exec'");
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod-a").delete();
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod-b").delete();
        istiodDeployment("istiod-a", 1, "tokenFile");
        istiodDeployment("istiod-b", 0, "exec");
        assertFails(run(), "remote-secret", "remote", "istio-system/istiod-a's"
                + " PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS=tokenFile does not allow 'exec'", "add 'exec'");
    }

    @Test
    void theRunsRevisionsOptionCountsNotAnotherRevisionsBesideIt() {
        // Two control planes side by side; the run verifies revision 1-30-3, whose istiod does not allow exec.
        replaceSecret(kubeconfig(SERVER, EXEC, ""));
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        istiodDeployment("istiod", 1, "exec");
        istiodDeployment("istiod-1-30-3", 1, "tokenFile");
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod-1-30-3")
                .edit(d -> new DeploymentBuilder(d).editMetadata().addToLabels("istio.io/rev", "1-30-3")
                        .endMetadata().build());
        PreflightDoctor.Expectations revision = new PreflightDoctor.Expectations(false, false,
                HealthyMesh.APP_NAMESPACE, VERIFY.ingressSelector(), "istio-system", Optional.of("1-30-3"));
        assertFails(run(revision), "remote-secret", "remote", "istio-system/istiod-1-30-3's"
                + " PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS=tokenFile does not allow 'exec'", "add 'exec'");
    }

    // ---- what the result says ----
    @Test
    void aPrimaryThatDoesNotAnswerLeavesTheSecretUnchecked() {
        DoctorReport report = run(notAnswering(clusters.primary()), clusters.remote(), VERIFY);
        assertSkipped(report, "remote-secret", "remote", "not checked: the API server of 'primary', which holds the"
                + " secret, did not answer (see check 'api')");
    }


    @Test
    void aUsableSecretPassesNamingItsServerButNotItsCredentials() {
        DoctorReport report = run();
        CheckResult r = result(report, "remote-secret", "remote");
        assertEquals(Status.PASS, r.status(), report.table());
        assertEquals("istio-system/istio-remote-secret-remote key 'remote' in 'primary', server " + GOOD_SERVER
                + ", credentials embedded (not shown)", r.evidence());
        assertFalse(r.evidence().contains(HealthyMesh.FAKE_TOKEN), r.evidence());
        assertEquals(Status.PASS, result(report, "istiod-sync", "remote").status(), report.table());
    }

    @Test
    void anInvalidKubeconfigWithoutAServerSaysBoth() {
        replaceSecret(kubeconfig(SERVER, TOKEN, "").replace("current-context: remote\n", ""));
        DoctorReport report = run();
        assertFails(report, "remote-secret", "remote", "key 'remote': its kubeconfig has no server istiod can use,"
                + " and client-go's validation refuses it: it names no current-context", "logs 'kubeconfig is not"
                + " valid'");
        assertEquals(Status.SKIP, result(report, "istiod-sync", "remote").status(), report.table());
    }

    @Test
    void anInvalidKubeconfigWithAServerNamesOnlyTheValidation() {
        replaceSecret(kubeconfig(SERVER, TOKEN + "    username: reader\n", ""));
        CheckResult r = result(run(), "remote-secret", "remote");
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.evidence().startsWith("istio-system/istio-remote-secret-remote key 'remote': client-go's"
                + " validation refuses it: user 'remote' has more than one authentication method"), r.evidence());
    }

    @Test
    void aServerOfOnlySpacesPassesValidationButIsNoServer() {
        // client-go's validation asks only for a non-empty server; building the client from " " then fails.
        replaceSecret(kubeconfig("    server: \"  \"\n    certificate-authority-data: Y2E=\n", TOKEN, ""));
        DoctorReport report = run();
        CheckResult r = result(report, "remote-secret", "remote");
        assertEquals(Status.FAIL, r.status(), report.table());
        assertEquals("istio-system/istio-remote-secret-remote key 'remote': its kubeconfig has no server",
                r.evidence());
        assertEquals("recreate it with istioctl create-remote-secret --name=remote", r.fix());
        assertEquals(Status.SKIP, result(report, "istiod-sync", "remote").status(), report.table());
    }

    // ---- which Secrets istiod ignores, and what to do about them ----

    @Test
    void aSecretLabelledOtherThanTrueIsNamedWithItsLabel() {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .edit(s -> new SecretBuilder(s).editMetadata().addToLabels("istio/multiCluster", "false")
                        .endMetadata().build());
        assertFails(run(), "remote-secret", "remote", "istio-system/istio-remote-secret-remote holds key 'remote'"
                + " but has the label istio/multiCluster=false, not true, so istiod never reads it",
                "label secret istio-remote-secret-remote istio/multiCluster=true (or recreate it: istioctl"
                        + " create-remote-secret --context=<remote> --name=remote");
    }

    @Test
    void anUnlabelledSecretAnnotatedForTheRemoteIsNamedByItsAnnotation() {
        deleteSecret();
        clusters.primary().client().secrets().inNamespace("istio-system").resource(new SecretBuilder()
                .withNewMetadata().withName("remote-kubeconfig").withNamespace("istio-system")
                .addToAnnotations("networking.istio.io/cluster", "remote").endMetadata()
                .addToData("config", Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        assertFails(run(), "remote-secret", "remote", "istio-system/remote-kubeconfig is annotated"
                + " networking.istio.io/cluster=remote but has no label istio/multiCluster=true",
                "label secret remote-kubeconfig istio/multiCluster=true");
    }

    @Test
    void aSecretOnlyInAnotherNamespaceIsToBeCreatedInIstioSystem() {
        deleteSecret();
        clusters.primary().client().secrets().inNamespace("default").resource(new SecretBuilder()
                .withNewMetadata().withName("istio-remote-secret-remote").withNamespace("default").endMetadata()
                .addToData("remote", Base64.getEncoder().encodeToString(kubeconfig(SERVER, TOKEN, "")
                        .getBytes(StandardCharsets.UTF_8))).build()).create();
        CheckResult r = result(run(), "remote-secret", "remote");
        assertEquals(Status.FAIL, r.status());
        assertEquals("default/istio-remote-secret-remote holds key 'remote' but is in namespace default, and istiod"
                + " reads remote secrets only in its own namespace istio-system", r.evidence());
        assertTrue(r.fix().endsWith(": create it there, istioctl create-remote-secret --context=<remote>"
                + " --name=remote | kubectl apply --context=<primary> -f -, and delete the ignored copy"), r.fix());
    }

    @Test
    void secretsForOtherClustersAreNotNamedAsIgnored() {
        deleteSecret();
        clusters.primary().client().secrets().inNamespace("istio-system").resource(new SecretBuilder()
                .withNewMetadata().withName("istio-remote-secret-cluster3").withNamespace("istio-system")
                .addToAnnotations("networking.istio.io/cluster", "cluster3").endMetadata()
                .addToData("cluster3", Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        clusters.primary().client().secrets().inNamespace("default").resource(new SecretBuilder()
                .withNewMetadata().withName("unrelated").withNamespace("default").endMetadata()
                .addToData("remote-config", Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        assertFails(run(), "remote-secret", "remote", "no Secret labelled istio/multiCluster=true in istio-system",
                "istioctl create-remote-secret --context=<remote> --name=remote");
    }

    private void istiodDeployment(String name, int ready, String options) {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace("istio-system").addToLabels("app", "istiod")
                .endMetadata().withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer()
                .withName("discovery").withImage("docker.io/istio/pilot:1.30.3").addNewEnv()
                .withName("PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS").withValue(options).endEnv().endContainer()
                .endSpec().endTemplate().endSpec().withNewStatus().withReadyReplicas(ready).endStatus().build())
                .create();
    }

    private void istiodEnv(String name, String value) {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod")
                .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer()
                        .addNewEnv().withName(name).withValue(value).endEnv().endContainer().endSpec().endTemplate()
                        .endSpec().build());
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
