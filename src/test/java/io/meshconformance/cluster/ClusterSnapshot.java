package io.meshconformance.cluster;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Test support: every object of the kinds the harness reads or writes (and the controllers' stand-ins make), each
 * with its resourceVersion, so that "the run left the cluster exactly as it was" is one comparison.
 */
public final class ClusterSnapshot {

    private ClusterSnapshot() {
    }

    public static List<String> objects(KubernetesClient c) {
        List<HasMetadata> found = new ArrayList<>();
        found.addAll(c.namespaces().list().getItems());
        found.addAll(c.nodes().list().getItems());
        found.addAll(c.secrets().inAnyNamespace().list().getItems());
        found.addAll(c.configMaps().inAnyNamespace().list().getItems());
        found.addAll(c.services().inAnyNamespace().list().getItems());
        found.addAll(c.serviceAccounts().inAnyNamespace().list().getItems());
        found.addAll(c.apps().deployments().inAnyNamespace().list().getItems());
        found.addAll(c.pods().inAnyNamespace().list().getItems());
        found.addAll(c.discovery().v1().endpointSlices().inAnyNamespace().list().getItems());
        for (String plural : List.of("gateways", "virtualservices")) {
            List<GenericKubernetesResource> istio = c.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                    .withGroup("networking.istio.io").withVersion("v1").withPlural(plural).withNamespaced(true)
                    .build()).inAnyNamespace().list().getItems();
            found.addAll(istio);
        }
        return found.stream().map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/"
                + o.getMetadata().getName() + " rv=" + o.getMetadata().getResourceVersion()).sorted().toList();
    }
}
