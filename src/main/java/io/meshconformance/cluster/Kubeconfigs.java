package io.meshconformance.cluster;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Small, pure edits of kubeconfig text. */
public final class Kubeconfigs {

    private Kubeconfigs() {
    }

    /** The same kubeconfig with every cluster's server set to {@code server}. */
    public static String withServer(String kubeconfig, String server) {
        Config config = KubeConfigUtils.parseConfigFromString(kubeconfig);
        for (NamedCluster cluster : config.getClusters()) {
            cluster.getCluster().setServer(server);
        }
        return Serialization.asYaml(config);
    }
}
