package io.meshconformance.cluster;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.meshconformance.lifecycle.CleanupStack;

/** Our own manifest files (bookinfo/, istio/), applied with labels of the run and an undo per object. */
public final class Manifests {

    private Manifests() {
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Manifest " + file.toAbsolutePath() + " cannot be read (" + e + "); run"
                    + " the suite from the project's root directory, where " + file + " lives", e);
        }
    }

    /** Parses multi-document YAML; kinds without a model class become generic resources. */
    public static List<HasMetadata> parse(KubernetesClient client, String yaml) {
        return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }

    /**
     * Creates (or updates) every object in {@code namespace} (when given) with {@code labels} added, registering
     * the deletion of each on {@code cleanup} first.
     */
    public static List<HasMetadata> apply(KubernetesClient client, String cluster, List<HasMetadata> objects,
                                          String namespace, Map<String, String> labels, CleanupStack cleanup) {
        for (HasMetadata object : objects) {
            if (namespace != null) {
                object.getMetadata().setNamespace(namespace);
            }
            if (object.getMetadata().getLabels() == null) {
                object.getMetadata().setLabels(new HashMap<>());
            }
            object.getMetadata().getLabels().putAll(labels);
            String what = object.getKind() + " " + (object.getMetadata().getNamespace() == null ? ""
                    : object.getMetadata().getNamespace() + "/") + object.getMetadata().getName();
            cleanup.push("delete " + what + " in cluster '" + cluster + "'",
                    () -> client.resource(object).delete());
            client.resource(object).createOr(NonDeletingOperation::update);
        }
        return objects;
    }
}
