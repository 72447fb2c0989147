package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.doctor.CheckResult.Status;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.lifecycle.RunId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For component tests of the doctor: a healthy mesh in two mock API servers ({@link HealthyMesh}) before each test,
 * the whole doctor run against it, and assertions on one named result, its evidence and its fix.
 */
abstract class AgainstHealthyMesh {

    static final PreflightDoctor.Expectations VERIFY = new PreflightDoctor.Expectations(false, false,
            HealthyMesh.APP_NAMESPACE);
    static final Optional<RunId> RUN = Optional.of(new RunId("20261125-1400-abcd"));

    MockClusters clusters;
    IstiodDebug istiod = HealthyMesh.istiod("clusterz-synced.json");
    private final List<KubernetesClient> ownClients = new ArrayList<>();

    @BeforeEach
    void healthyMesh() {
        clusters = new MockClusters();
        HealthyMesh.populate(clusters);
    }

    @AfterEach
    void close() {
        clusters.close();
        ownClients.forEach(KubernetesClient::close);
    }

    DoctorReport run(PreflightDoctor.Expectations expect) {
        return run(clusters.primary(), clusters.remote(), expect);
    }

    DoctorReport run() {
        return run(VERIFY);
    }

    DoctorReport run(MeshCluster primary, MeshCluster remote, PreflightDoctor.Expectations expect) {
        return new PreflightDoctor(primary, List.of(remote), controlPlane -> istiod, expect, RUN).run();
    }

    /**
     * {@code like}, but behind an API server that does not answer: port 1 on loopback, where nothing listens, and no
     * retries, so the doctor says so at once.
     */
    MeshCluster notAnswering(MeshCluster like) {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withConnectionTimeout(2000).withRequestTimeout(2000)
                .withRequestRetryBackoffLimit(0).build()).build();
        ownClients.add(client);
        return new MeshCluster(like.spec(), client, "", "https://127.0.0.1:1");
    }

    /** {@code like}, with a client that does not retry: an error answer then reaches the doctor at once. */
    MeshCluster withoutRetries(MeshCluster like) {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(like.client()
                .getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
        ownClients.add(client);
        return new MeshCluster(like.spec(), client, like.kubeconfig(), like.internalServer());
    }

    static CheckResult result(DoctorReport report, String check, String scope) {
        return report.find(check, scope).orElseThrow(() -> new AssertionError("no result " + check + " [" + scope
                + "] in\n" + report.table()));
    }

    static void assertFails(DoctorReport report, String check, String scope, String evidence, String fix) {
        CheckResult r = result(report, check, scope);
        assertEquals(Status.FAIL, r.status(), report.table());
        assertTrue(r.evidence().contains(evidence), "evidence of " + check + ": " + r.evidence());
        assertTrue(r.fix().contains(fix), "fix of " + check + ": " + r.fix());
        assertTrue(report.failed());
    }

    static void assertSkipped(DoctorReport report, String check, String scope, String why) {
        CheckResult r = result(report, check, scope);
        assertEquals(Status.SKIP, r.status(), report.table());
        assertTrue(r.evidence().contains(why), "reason " + check + " was skipped: " + r.evidence());
    }
}
