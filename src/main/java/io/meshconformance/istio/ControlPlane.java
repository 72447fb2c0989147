package io.meshconformance.istio;

import java.util.List;
import java.util.Optional;

/**
 * The mesh's Istio control plane in the primary, as the run installed it or found it.
 *
 * @param cluster         the primary's name
 * @param eastWestAddress where the remotes reach istiod (the east-west gateway's address), when the run knows it
 * @param releases        the Helm releases the run installed, in order, with their values; none when verified
 * @param istiod          istiod's namespace and revision, which the run's reads of istiod and its namespaces use
 */
public record ControlPlane(String cluster, Optional<String> eastWestAddress, List<ChartInstaller.Installed> releases,
                           IstiodRevision istiod) {

    public ControlPlane {
        releases = List.copyOf(releases);
    }

    /** What the run installed: istio-system, without a revision. */
    public ControlPlane(String cluster, Optional<String> eastWestAddress, List<ChartInstaller.Installed> releases) {
        this(cluster, eastWestAddress, releases, IstiodRevision.installedByRun());
    }

    /** A control plane the run did not install, but found as the preflight doctor describes it. */
    public static ControlPlane verified(String cluster, IstiodRevision istiod) {
        return new ControlPlane(cluster, Optional.empty(), List.of(), istiod);
    }

    /** The address the remotes' {@code global.remotePilotAddress} must name. */
    public String remotePilotAddress() {
        return eastWestAddress.orElseThrow(() -> new IllegalStateException("the run did not install the control plane"
                + " of cluster '" + cluster + "', so it does not know where remotes reach it"));
    }
}
