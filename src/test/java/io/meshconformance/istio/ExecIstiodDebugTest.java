package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: which istiod pod is read when several revisions run side by side. The mock runs no kubelet: the
 * test creates the pods as the istiod chart labels them (istio/istio 1.30.3
 * manifests/charts/istio-control/istio-discovery/templates/deployment.yaml: app=istiod, istio.io/rev=&lt;revision or
 * default&gt;) with the phase the kubelet would report.
 */
@Tag("component")
@EnableKubernetesMockClient(crud = true)
class ExecIstiodDebugTest {

    KubernetesClient client;

    void pod(String name, String rev, String phase) {
        Map<String, String> labels = new HashMap<>(Map.of("app", "istiod"));
        if (rev != null) {
            labels.put("istio.io/rev", rev);
        }
        client.pods().inNamespace("istio-system").resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace("istio-system").withLabels(labels).endMetadata().withNewStatus().withPhase(phase)
                .endStatus().build()).create();
    }

    static IstiodRevision revision(String rev) {
        return new IstiodRevision("istio-system", Optional.ofNullable(rev), Optional.empty(),
                IstiodRevision.Found.GIVEN_REVISION);
    }

    @Test
    void theRunsRevisionIsReadNotAnotherThatRunsBesideIt() {
        pod("istiod-1-29-0-abc", "1-29-0", "Running");
        pod("istiod-def", "default", "Running");
        pod("istiod-1-30-3-xyz", "1-30-3", "Running");
        assertEquals("istiod-1-30-3-xyz", ExecIstiodDebug.runningIstiod(client, revision("1-30-3")).getMetadata()
                .getName());
        assertEquals("istiod-def", ExecIstiodDebug.runningIstiod(client, revision(null)).getMetadata().getName());
    }

    @Test
    void aPodWithoutTheRevisionLabelIsTheDefaultRevisionsAndOnlyARunningOneCounts() {
        pod("istiod-1-30-3-xyz", "1-30-3", "Running");
        pod("istiod-old", null, "Pending");
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> ExecIstiodDebug.runningIstiod(client, revision(null)));
        assertTrue(none.getMessage().startsWith("no running istiod pod (labels app=istiod,istio.io/rev=default in"
                + " istio-system; pods found: 1)"), none.getMessage());
        pod("istiod-plain", null, "Running");
        assertEquals("istiod-plain", ExecIstiodDebug.runningIstiod(client, revision(null)).getMetadata().getName());
    }
}
