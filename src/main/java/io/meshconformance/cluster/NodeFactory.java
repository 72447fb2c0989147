package io.meshconformance.cluster;

import io.meshconformance.topology.ClusterSpec;
import org.testcontainers.containers.GenericContainer;
import java.util.function.Function;

/**
 * Makes the node container of a cluster. The image is asked for separately, as plain text, because asking a
 * Testcontainers container for its image name resolves (and pulls) the image with two minutes of retries;
 * {@link DockerNodeGroup} pulls it itself first, failing fast.
 */
public interface NodeFactory {

    String image(ClusterSpec spec);

    /** A new, unstarted container running {@link #image}; the group adds network, name and labels. */
    GenericContainer<?> create(ClusterSpec spec);

    /** A factory with one image for every cluster. */
    static NodeFactory of(String image, Function<ClusterSpec, GenericContainer<?>> create) {
        return new NodeFactory() {
            @Override
            public String image(ClusterSpec spec) {
                return image;
            }

            @Override
            public GenericContainer<?> create(ClusterSpec spec) {
                return create.apply(spec);
            }
        };
    }
}
