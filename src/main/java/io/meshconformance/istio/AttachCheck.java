package io.meshconformance.istio;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.meshconformance.lifecycle.Waits;

/**
 * After attach: istiod's {@code debug/clusterz} must report the remote {@code synced} within the attach timeout.
 * On timeout the error quotes the status seen and the usual causes (FACTS.md 8).
 */
public final class AttachCheck {

    static final Duration POLL = Duration.ofSeconds(2);

    private AttachCheck() {
    }

    public static void awaitSynced(IstiodDebug istiod, String primary, String remote, Duration timeout) {
        try {
            Waits.until("istiod in cluster '" + primary + "' reports cluster '" + remote + "' synced (debug/clusterz)",
                    timeout, POLL, () -> problem(istiod, remote));
        } catch (Waits.WaitTimeoutException e) {
            throw new IstioInstallException(e.getMessage() + ". " + causes(e.lastSeen(), remote));
        }
    }

    public static Optional<String> problem(IstiodDebug istiod, String remote) {
        String body;
        try {
            body = istiod.get("debug/clusterz");
        } catch (Exception e) {
            return Optional.of("debug/clusterz could not be read: " + e.getMessage());
        }
        List<IstiodDebugParser.ClusterStatus> clusters = IstiodDebugParser.clusterz(body);
        Optional<IstiodDebugParser.ClusterStatus> status = IstiodDebugParser.find(clusters, remote);
        if (status.isEmpty()) {
            return Optional.of("clusterz lists no cluster '" + remote + "' (it lists "
                    + clusters.stream().map(c -> "'" + c.id() + "'").toList() + ")");
        }
        return status.get().synced() ? Optional.empty()
                : Optional.of("cluster '" + remote + "' is " + status.get().syncStatus() + " (secret "
                + status.get().secretName() + ")");
    }

    public static String causes(String lastSeen, String remote) {
        if (lastSeen.contains("lists no cluster")) {
            return "istiod has not picked up the remote secret: it must be in istiod's own namespace (istio-system),"
                    + " carry the label istio/multiCluster=true, and its data key must be '" + remote + "', equal to"
                    + " the remote's global.multiCluster.clusterName";
        }
        if (lastSeen.contains("timeout") || lastSeen.contains("syncing")) {
            return "istiod has the secret but cannot list the remote's API: the secret's server must be reachable"
                    + " from istiod's pod (never 127.0.0.1 or localhost), the node routes between the clusters must be"
                    + " in place, and the reader token must be valid";
        }
        return "check the remote secret (server, token, CA) and istiod's log in the primary";
    }
}
