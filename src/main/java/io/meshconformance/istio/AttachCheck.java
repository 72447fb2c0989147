package io.meshconformance.istio;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.meshconformance.lifecycle.Waits;

/**
 * After attach: istiod's {@code debug/clusterz} must report the remote {@code synced} within the attach timeout.
 * On timeout the error quotes the status seen and the usual causes (istio.io
 * "Verify the installation" and "Troubleshooting Multicluster").
 */
public final class AttachCheck {

    static final Duration POLL = Duration.ofSeconds(2);

    /** What istiod's debug/clusterz says of the remote, when it is not "synced". */
    public enum State {
        /** clusterz could not be read at all. */
        UNREADABLE,
        /** clusterz does not list the remote: istiod has not picked up a secret for it. */
        UNKNOWN,
        /** clusterz lists it, but not synced (syncing, timeout, closed). */
        NOT_SYNCED
    }

    /** Why the remote is not synced: the state, and what was seen, in words. */
    public record Problem(State state, String seen) {
    }

    private AttachCheck() {
    }

    /** @param namespace istiod's namespace, named in the causes when the remote is not synced */
    public static void awaitSynced(IstiodDebug istiod, String primary, String remote, Duration timeout,
            String namespace) {
        Problem[] last = {null};
        try {
            Waits.until("istiod in cluster '" + primary + "' reports cluster '" + remote + "' synced (debug/clusterz)",
                    timeout, POLL, () -> {
                        Optional<Problem> problem = problem(istiod, remote);
                        problem.ifPresent(p -> last[0] = p);
                        return problem.map(Problem::seen);
                    });
        } catch (Waits.WaitTimeoutException e) {
            throw new IstioInstallException(e.getMessage() + (last[0] == null ? ""
                    : ". " + causes(last[0], remote, namespace)));
        }
    }

    public static Optional<Problem> problem(IstiodDebug istiod, String remote) {
        String body;
        try {
            body = istiod.get("debug/clusterz");
        } catch (Exception e) {
            return Optional.of(new Problem(State.UNREADABLE, "debug/clusterz could not be read: " + e.getMessage()));
        }
        List<IstiodDebugParser.ClusterStatus> clusters = IstiodDebugParser.clusterz(body);
        Optional<IstiodDebugParser.ClusterStatus> status = IstiodDebugParser.find(clusters, remote);
        if (status.isEmpty()) {
            return Optional.of(new Problem(State.UNKNOWN, "clusterz lists no cluster '" + remote + "' (it lists "
                    + clusters.stream().map(c -> "'" + c.id() + "'").toList() + ")"));
        }
        return status.get().synced() ? Optional.empty()
                : Optional.of(new Problem(State.NOT_SYNCED, "cluster '" + remote + "' is " + status.get().syncStatus()
                + " (secret " + status.get().secretName() + ")"));
    }

    /** What to do about {@code problem}, by its state; {@code namespace} is istiod's. */
    public static String causes(Problem problem, String remote, String namespace) {
        return switch (problem.state()) {
            case UNREADABLE -> "istiod's debug endpoints are read by exec into the istiod pod in "
                    + namespace + " (pilot-discovery request): istiod must be running there and the"
                    + " credentials need pods/exec in " + namespace;
            case UNKNOWN -> "istiod has not picked up the remote secret: it must be in istiod's own namespace"
                    + " (" + namespace + "; istioctl create-remote-secret -i " + namespace + "), carry the label"
                    + " istio/multiCluster=true, and its data key must be '" + remote
                    + "', equal to the remote's global.multiCluster.clusterName";
            case NOT_SYNCED -> "istiod has the secret but cannot list the remote's API: the secret's server must be"
                    + " reachable from istiod's pod (never 127.0.0.1 or localhost), the routes between the clusters"
                    + " must be in place, and the reader token must be valid";
        };
    }
}
