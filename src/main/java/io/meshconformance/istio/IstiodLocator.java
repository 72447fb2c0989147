package io.meshconformance.istio;

import java.time.Duration;

import io.meshconformance.cluster.MeshCluster;

/**
 * How the debug endpoints of {@code controlPlane}'s istiod in a primary are read, each read bounded by
 * {@code perRead}. The real way runs
 * {@code pilot-discovery request} in the istiod container ({@link #EXEC}); tests on API servers that cannot exec give
 * fixtures instead.
 */
@FunctionalInterface
public interface IstiodLocator {

    IstiodLocator EXEC = (primary, controlPlane, perRead) -> new ExecIstiodDebug(primary.client(), controlPlane,
            perRead);

    IstiodDebug in(MeshCluster primary, IstiodRevision controlPlane, Duration perRead);
}
