package io.meshconformance.istio;

import java.time.Duration;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.LabelSelector;

/**
 * How a sidecar's Envoy admin API is read: the real way runs {@code pilot-agent request GET <path>} in the
 * {@code istio-proxy} container of a running pod ({@link #EXEC}); tests on API servers that cannot exec give answers
 * of their own.
 */
@FunctionalInterface
public interface ProxyAdmin {

    ProxyAdmin EXEC = ExecProxyAdmin::get;

    /**
     * Envoy's answer to {@code path} (e.g. {@code clusters?format=json}) from the sidecar of a running pod with the
     * labels {@code pods} in {@code namespace} of {@code cluster}, the read bounded by {@code timeout}.
     */
    String get(MeshCluster cluster, String namespace, LabelSelector pods, String path, Duration timeout)
            throws Exception;
}
