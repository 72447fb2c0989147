package io.meshconformance.doctor;

import io.fabric8.kubernetes.api.model.StatusBuilder;
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
