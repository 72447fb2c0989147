package io.meshconformance.cluster;

import io.meshconformance.config.MeshSettings;
import io.meshconformance.lifecycle.RunId;

/** The provider that {@code mesh.mode} asks for: the one place that knows there are two kinds of clusters. */
public final class ClusterProviders {

    private ClusterProviders() {
    }

    public static ClusterProvider of(MeshSettings settings, RunId run) {
        return switch (settings.mode()) {
            case K3S -> {
                K3sOptions options = K3sOptions.from(settings);
                yield new K3sClusterProvider(options, () -> DockerAvailability.client(options.timeout()),
                        DockerAvailability::cgroupVersion, run);
            }
            case EXISTING -> new ExistingClusterProvider(ExistingOptions.from(settings), run);
        };
    }
}
