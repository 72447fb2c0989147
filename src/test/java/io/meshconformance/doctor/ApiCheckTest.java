package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshconformance.cluster.MeshCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
}
