package io.meshconformance.cluster;

import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;

/** Namespaces the run makes, and only those: never adopted, never deleted when someone else's. */
public final class Namespaces {

    private Namespaces() {
    }

    /**
     * Creates namespace {@code name} in {@code cluster}, labelled with the run (and {@code extraLabels}), and then
     * registers its deletion: creating is atomic, so a create refused because the name appeared meanwhile leaves no
     * undo that would delete someone else's namespace. One the run made already is left as it is; one it did not
     * make is refused, the message ending with {@code remedy}.
     */
    public static void claim(MeshCluster cluster, String name, RunId run, Map<String, String> extraLabels,
                             CleanupStack cleanup, String remedy) {
        KubernetesClient client = cluster.client();
        Namespace existing = client.namespaces().withName(name).get();
        if (existing != null) {
            if (run.owns(existing.getMetadata().getLabels())) {
                return;
            }
            throw new IllegalStateException("Cluster '" + cluster.name() + "': namespace " + name + " exists and was"
                    + " not created by this run; the harness does not touch it. " + remedy);
        }
        Map<String, String> labels = new HashMap<>(extraLabels);
        labels.putAll(run.labels());
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
        cleanup.push("delete namespace " + name + " in cluster '" + cluster.name() + "'",
                () -> client.namespaces().withName(name).delete());
    }
}
