package io.meshconformance.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.config.Keys;
import io.meshconformance.text.Redaction;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.text.Causes;
import io.meshconformance.topology.ApiServerUrl;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Existing mode: the clusters are the user's, reached through {@code mesh.primary.kubeconfig} and
 * {@code mesh.remote.kubeconfig} (each with an optional context). Every problem with the two kubeconfigs is reported
 * together, before any request is made. Nothing is started; the clusters' teardown undoes what the run created in
 * them, also when the JVM is stopped before the end (a shutdown hook: no Ryuk watches the user's clusters), and
 * never touches anything else.
 */
public final class ExistingClusterProvider implements ClusterProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ExistingClusterProvider.class);

    /** One cluster as its kubeconfig describes it; {@code kubeconfig} is a copy narrowed to the chosen context. */
    record Target(ClusterSpec spec, Path file, String context, String server, String kubeconfig) {
    }

    private final ExistingOptions options;
    private final RunId run;

    /** @param run labels everything the run creates; a kept run's objects are found by it */
    public ExistingClusterProvider(ExistingOptions options, RunId run) {
        this.options = options;
        this.run = run;
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> entries = new LinkedHashMap<>();
        // Paths and contexts only: the kubeconfigs themselves hold credentials.
        entries.put("existing.primary", options.primary().describe());
        entries.put("existing.remote", options.remote().describe());
        entries.put("existing.istio", options.installsIstio() ? "installed by the run" : "verified as found");
        entries.put("existing.attach", options.attachesRemote() ? "created by the run" : "verified as found");
        return entries;
    }

    /** Reads and checks both kubeconfigs against the topology; throws one error listing every problem. */
    List<Target> plan(MeshTopology topology) {
        List<String> problems = new ArrayList<>();
        if (topology.clusters().size() != 2 || topology.remotes().size() != 1) {
            problems.add(Keys.TOPOLOGY + " = '" + options.topologyFile() + "' has " + topology.clusters().size()
                    + " clusters (" + topology.remotes().size() + " remote); existing mode takes exactly one primary and"
                    + " one remote, reached through " + Keys.PRIMARY_KUBECONFIG + " and " + Keys.REMOTE_KUBECONFIG);
            throw new InvalidClusterAccessException(problems);
        }
        List<Target> targets = new ArrayList<>();
        Target primary = target(topology.primary(), Keys.PRIMARY_KUBECONFIG, options.primary().kubeconfig(),
                Keys.PRIMARY_CONTEXT, options.primary().context(), problems);
        Target remote = target(topology.remotes().get(0), Keys.REMOTE_KUBECONFIG, options.remote().kubeconfig(),
                Keys.REMOTE_CONTEXT, options.remote().context(), problems);
        if (primary != null && remote != null && primary.server().equals(remote.server())) {
            problems.add(Keys.PRIMARY_KUBECONFIG + " and " + Keys.REMOTE_KUBECONFIG + " both reach " + Redaction.uriText(primary.server())
                    + ": the primary and the remote must be two clusters; check " + Keys.PRIMARY_CONTEXT + " and "
                    + Keys.REMOTE_CONTEXT);
        }
        if (remote != null && options.attachesRemote() && options.remoteServer().isEmpty()
                && ApiServerUrl.pointsAtLoopback(remote.server())) {
            problems.add(Keys.REMOTE_KUBECONFIG + " reaches the remote at " + Redaction.uriText(remote.server()) + ", which istiod's pod"
                    + " in the primary cannot use (loopback); " + Keys.EXISTING_ATTACH + "=true needs "
                    + Keys.REMOTE_SERVER + ": the remote API server's address as the primary's pods reach it");
        }
        if (!problems.isEmpty()) {
            throw new InvalidClusterAccessException(problems);
        }
        targets.add(primary);
        targets.add(remote);
        return targets;
    }

    /** Checks both kubeconfigs and contexts against the topology without connecting; throws listing every problem. */
    @Override
    public void check(MeshTopology topology) {
        plan(topology);
    }

    /** Connects to both clusters. No request is made yet: the doctor is the first to talk to them. */
    @Override
    public MeshClusters start(MeshTopology topology) {
        List<MeshCluster> clusters = new ArrayList<>();
        Map<String, Duration> times = new LinkedHashMap<>();
        for (Target target : plan(topology)) {
            long begin = System.nanoTime();
            KubernetesClient client;
            try {
                client = KubeClients.connect(target.file(), target.context(), KubeClients.EXEC_TIMEOUT);
            } catch (RuntimeException e) {
                clusters.forEach(MeshCluster::close);
                throw new InvalidClusterAccessException(List.of((target.spec().isPrimary() ? Keys.PRIMARY_KUBECONFIG
                        : Keys.REMOTE_KUBECONFIG) + " = '" + target.file() + "', context '" + target.context()
                        + "': no client can be made from it: " + Redaction.text(Causes.describe(e))
                        + "; check the files and data its user names"));
            }
            String internal = target.spec().isPrimary() ? target.server()
                    : options.remoteServer().map(URI::toString).orElse(target.server());
            clusters.add(new MeshCluster(target.spec(), client, target.kubeconfig(), internal));
            times.put(target.spec().name(), Duration.ofNanos(System.nanoTime() - begin));
            LOG.info("Cluster '{}' ({}): context '{}' of {}, server {}", target.spec().name(),
                    target.spec().role().yamlName(), target.context(), target.file(),
                    Redaction.uriText(target.server()));
        }
        Teardown teardown = new Teardown(run);
        return teardown.watching(new MeshClusters(clusters, times, teardown, ClusterOrigin.existing()));
    }

    /**
     * The clusters are the user's and stay; what the run created in them goes, or is listed when kept. A shutdown hook
     * does the same when the JVM is stopped before the end (Ctrl-C, a CI timeout); {@code kill -9} leaves it.
     */
    private static final class Teardown implements MeshClusters.Teardown {
        private final RunId run;
        private JvmStopHook hook;

        Teardown(RunId run) {
            this.run = run;
        }

        /** Registers the shutdown hook for {@code clusters}, whose teardown this is. */
        MeshClusters watching(MeshClusters clusters) {
            hook = new JvmStopHook("mesh-existing-cleanup", () -> {
                if (clusters.undoSteps() == 0) {
                    return; // nothing made yet (or a doctor on its own, which makes nothing)
                }
                LOG.warn("The JVM is stopping before the run ended: removing what run {} created in the existing"
                        + " clusters", run);
                try {
                    clusters.undoAll();
                } catch (RuntimeException e) {
                    LOG.warn("{}", Redaction.text(e.getMessage()));
                }
            });
            return clusters;
        }

        /** False when the JVM is already shutting down: the hook does the cleanup then. */
        private boolean unhook() {
            return hook.cancel();
        }

        /** False when the JVM is stopping: the hook removes the run's objects, through the clients, still open. */
        @Override
        public boolean remove(MeshClusters clusters) {
            if (!unhook()) {
                return false;
            }
            LOG.info("Removing what run {} created in the existing clusters ({} steps)", run, clusters.undoSteps());
            clusters.undoAll();
            return true;
        }

        @Override
        public boolean keep(MeshClusters clusters) {
            if (!unhook()) {
                return false;
            }
            LOG.warn("{}=true and the run failed: kept in the existing clusters (remove them yourself; all carry the"
                    + " label {}={}):\n  {}", Keys.KEEP_ON_FAILURE, RunId.LABEL, run.value(),
                    String.join("\n  ", clusters.undoDescriptions()));
            return true;
        }
    }

    private static Target target(ClusterSpec spec, String fileKey, Optional<Path> file, String contextKey,
                                 Optional<String> context, List<String> problems) {
        if (file == null || file.isEmpty()) {
            problems.add(fileKey + " is required in existing mode: the kubeconfig of cluster '" + spec.name() + "'");
            return null;
        }
        Kubeconfig kubeconfig;
        try {
            kubeconfig = Kubeconfig.read(file.get());
        } catch (RuntimeException e) {
            problems.add(fileKey + " = '" + file.get() + "' is not a readable kubeconfig ("
                    + Redaction.text(Causes.firstLine(e))
                    + "); give the file kubectl uses for cluster '" + spec.name() + "' (kubectl config view --raw)");
            return null;
        }
        if (kubeconfig.contextNames().isEmpty()) {
            problems.add(fileKey + " = '" + file.get() + "' has no contexts, so kubectl could not use it either;"
                    + " give the file kubectl uses for cluster '" + spec.name() + "' (kubectl config view --raw)");
            return null;
        }
        List<String> names = kubeconfig.contextNames();
        String chosen = context.orElse(kubeconfig.currentContext().orElse(null));
        if (chosen == null || chosen.isBlank()) {
            problems.add(fileKey + " = '" + file.get() + "' names no current-context; set " + contextKey
                    + " to one of " + names);
            return null;
        }
        if (!kubeconfig.hasContext(chosen)) {
            problems.add((context.isPresent() ? contextKey + " = '" + chosen + "'" : "the current-context '" + chosen
                    + "' of " + fileKey) + " is not a context of '" + file.get() + "'; its contexts are " + names
                    + ": set " + contextKey + " to one of them");
            return null;
        }
        String clusterName = kubeconfig.clusterOf(chosen).orElse(null);
        Optional<String> server = kubeconfig.server(chosen);
        if (server.isEmpty()) {
            problems.add("context '" + chosen + "' of " + fileKey + " = '" + file.get() + "' names cluster '"
                    + clusterName + "', which has no server in that file; set " + contextKey + " to a context whose"
                    + " cluster has a server, or fix the file's clusters entry");
            return null;
        }
        try {
            URI uri = URI.create(server.get());
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
        } catch (IllegalArgumentException e) {
            problems.add("context '" + chosen + "' of " + fileKey + " has server '" + Redaction.uriText(server.get())
                    + "', which is not a URL; fix it to the API server's https://host:port, or set " + contextKey
                    + " to another context");
            return null;
        }
        // Narrowed to the chosen context, its cluster and its user: Helm gets no other credentials of the file.
        return new Target(spec, file.get(), chosen, server.get(), kubeconfig.narrowedTo(chosen).yaml());
    }

    /** The kubeconfigs or contexts given cannot be used; each line names the setting and the fix. */
    public static final class InvalidClusterAccessException extends IllegalArgumentException {
        public InvalidClusterAccessException(List<String> problems) {
            super("Existing clusters cannot be used (" + problems.size() + "):\n  - " + String.join("\n  - ", problems));
        }
    }
}
