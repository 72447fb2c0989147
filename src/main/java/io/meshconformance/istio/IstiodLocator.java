package io.meshconformance.istio;

import java.time.Duration;

import io.meshconformance.cluster.MeshCluster;

/**
 * How istiod's debug endpoints in a primary are read, each read bounded by {@code perRead}. The real way runs
 * {@code pilot-discovery request} in the istiod container ({@link #EXEC}); tests on API servers that cannot exec give
 * fixtures instead.
 */
@FunctionalInterface
public interface IstiodLocator {

    IstiodLocator EXEC = (primary, perRead) -> new ExecIstiodDebug(primary.client(), perRead);

    IstiodDebug in(MeshCluster primary, Duration perRead);
}
