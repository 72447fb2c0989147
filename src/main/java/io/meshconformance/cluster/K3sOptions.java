package io.meshconformance.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.StageTimeout;
import io.meshconformance.topology.Cidr;

/**
 * What {@link K3sClusterProvider} needs to know, and nothing else of the settings.
 *
 * @param image         the k3s image ({@code mesh.k3s.image})
 * @param subnet        the Docker network's subnet, or empty to pick a free one ({@code mesh.network.subnet})
 * @param mirror        a registry mirror for images pulled inside the clusters ({@code mesh.images.mirror})
 * @param preload       a directory of image tarballs imported at start ({@code mesh.images.preload})
 * @param keepOnFailure whether a failed run may leave the clusters running ({@code mesh.keepOnFailure})
 * @param reuse         whether clusters are kept for, and reused by, runs with the same fingerprint ({@code mesh.reuse})
 * @param results       the results directory; kept kubeconfigs go beside it, never in it ({@code mesh.results})
 * @param timeout       start-up, node Ready and read-back, per cluster ({@code mesh.timeout.clusters})
 */
public record K3sOptions(String image, Optional<Cidr> subnet, Optional<URI> mirror, Optional<Path> preload,
                         boolean keepOnFailure, boolean reuse, Path results, Duration timeout) {

    public static K3sOptions from(MeshSettings settings) {
        return new K3sOptions(settings.k3sImage(), settings.networkSubnet(), settings.imagesMirror(),
                settings.imagesPreload(), settings.keepOnFailure(), settings.reuse(), settings.results(),
                settings.timeout(StageTimeout.CLUSTERS));
    }
}
