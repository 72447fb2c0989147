package io.meshconformance.doctor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.istio.IstioPlan;

/**
 * Reads istiod Deployments: finds them in a cluster and says how ready they are, which image they run and what an
 * env var of theirs is set to, with the defaults Kubernetes applies when a field is absent.
 */
final class IstiodDeployments {

    private IstiodDeployments() {
    }

    /** Every Deployment labelled as istiod in {@code namespace} (one per revision). */
    static List<Deployment> istiods(MeshCluster cluster, String namespace) {
        return cluster.client().apps().deployments().inNamespace(namespace)
                .withLabels(IstioPlan.ISTIOD_POD_LABEL.labels()).list().getItems();
    }

    /** Ready pods, 0 while the deployment controller has reported none. */
    static int readyReplicas(Deployment d) {
        return d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
    }

    /** Desired pods; spec.replicas defaults to 1 (apps/v1 DeploymentSpec). */
    static int desired(Deployment d) {
        return d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    /** The first container's image, "?" when none is given. */
    static String image(Deployment d) {
        return containers(d).stream().map(Container::getImage).filter(Objects::nonNull).findFirst().orElse("?");
    }

    /** The literal value of env var {@code name} in any container; one set from a reference has none to read. */
    static Optional<String> env(Deployment d, String name) {
        return containers(d).stream().flatMap(c -> Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of()).stream())
                .filter(e -> name.equals(e.getName()) && e.getValue() != null).map(EnvVar::getValue).findFirst();
    }

    /** The env var {@code name} of container {@code container}, as written (a value or a reference). */
    static Optional<EnvVar> containerEnv(Deployment d, String container, String name) {
        return containers(d).stream().filter(c -> container.equals(c.getName()))
                .flatMap(c -> Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of()).stream())
                .filter(e -> name.equals(e.getName())).findFirst();
    }

    private static List<Container> containers(Deployment d) {
        if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
            return List.of();
        }
        return Objects.requireNonNullElse(d.getSpec().getTemplate().getSpec().getContainers(), List.of());
    }
}
