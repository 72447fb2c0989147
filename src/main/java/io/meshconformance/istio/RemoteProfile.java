package io.meshconformance.istio;

import java.util.List;

/**
 * Istio's remote profile in one remote cluster, as the run installed it (releases with their values) or found it.
 *
 * @param cluster  the remote's name
 * @param releases the Helm releases the run installed there, in order; none when verified
 */
public record RemoteProfile(String cluster, List<ChartInstaller.Installed> releases) {

    public RemoteProfile {
        releases = List.copyOf(releases);
    }
}
