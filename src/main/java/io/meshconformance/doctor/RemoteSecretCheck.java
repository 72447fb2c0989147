package io.meshconformance.doctor;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Secret;
import io.meshconformance.cluster.Kubeconfig;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.RemoteSecret;
import io.meshconformance.topology.ApiServerUrl;

/**
 * Checks that the primary holds a remote secret for a remote that istiod can use: found under the remote's name,
 * holding a kubeconfig whose server istiod's pod can reach and whose credentials istiod accepts (or, when the run
 * attaches the remote, that no other secret attaches it already); whether it is usable is kept for
 * {@link IstiodSyncCheck}.
 */
final class RemoteSecretCheck implements DoctorCheck {

    private final DoctorContext context;
    private final MeshCluster primary;
    private final MeshCluster remote;
    private boolean usable;

    RemoteSecretCheck(DoctorContext context, MeshCluster remote) {
        this.context = context;
        this.primary = context.primary();
        this.remote = remote;
    }

    @Override
    public Check check() {
        return Check.REMOTE_SECRET;
    }

    @Override
    public String scope() {
        return remote.name();
    }

    /** The secret lives in the primary. */
    @Override
    public List<MeshCluster> needs() {
        return List.of(primary);
    }

    @Override
    public CheckResult notAnswered(MeshCluster silent) {
        return skip("not checked: the API server of '"
                + silent.name() + "', which holds the secret, did not answer (see check 'api')");
    }

    /** Whether this check found a secret for the remote that istiod can use. */
    boolean usable() {
        return usable;
    }

    @Override
    public CheckResult run() {
        List<Secret> secrets = primary.client().secrets().inNamespace(RemoteSecret.NAMESPACE)
                .withLabel(RemoteSecret.MULTICLUSTER_LABEL, "true").list().getItems();
        Optional<Secret> holder = secrets.stream().filter(s -> SecretData.keys(s).contains(remote.name()))
                .findFirst();
        if (context.expect().attachByRun()) {
            if (holder.isPresent() && !context.ours(holder.get().getMetadata().getLabels())) {
                return fail("Secret " + RemoteSecret.NAMESPACE + "/"
                        + holder.get().getMetadata().getName() + " in '" + primary.name() + "' already attaches '"
                        + remote.name() + "'", "the remote is attached already: set " + Keys.EXISTING_ATTACH
                        + "=false to verify that attachment instead of creating a second one");
            }
            return skip("this run creates the remote secret");
        }
        if (holder.isEmpty()) {
            String found = secrets.isEmpty() ? "no Secret labelled " + RemoteSecret.MULTICLUSTER_LABEL
                    + "=true in " + RemoteSecret.NAMESPACE + " of '" + primary.name() + "'"
                    : "Secrets labelled " + RemoteSecret.MULTICLUSTER_LABEL + "=true hold the keys "
                    + secrets.stream().map(s -> s.getMetadata().getName() + " " + SecretData.keys(s))
                    .collect(Collectors.joining(", ")) + ", none '" + remote.name() + "'";
            return fail(found, secrets.isEmpty()
                    ? "attach the remote: istioctl create-remote-secret --context=<remote> --name=" + remote.name()
                    + " | kubectl apply --context=<primary> -f -  (or set " + Keys.EXISTING_ATTACH + "=true)"
                    : "the data key must equal the remote's cluster name (global.multiCluster.clusterName): use"
                    + " the name the mesh uses for the remote in the topology, or recreate the secret with"
                    + " --name=" + remote.name());
        }
        Secret secret = holder.get();
        String where = RemoteSecret.NAMESPACE + "/" + secret.getMetadata().getName() + " key '" + remote.name()
                + "'";
        String kubeconfigText = SecretData.text(secret, remote.name());
        Kubeconfig kubeconfig;
        try {
            kubeconfig = Kubeconfig.parse(kubeconfigText);
        } catch (RuntimeException e) {
            return fail(where + " does not hold a kubeconfig",
                    "recreate it with istioctl create-remote-secret --name=" + remote.name());
        }
        Optional<String> server = kubeconfig.firstServer();
        if (server.isEmpty()) {
            return fail(where + ": its kubeconfig has no server",
                    "recreate it with istioctl create-remote-secret --name=" + remote.name());
        }
        Optional<String> unusable = ApiServerUrl.problem(server.get());
        if (unusable.isPresent()) {
            return fail(where + ": server " + server.get(),
                    "the server " + unusable.get() + "; recreate the secret with it (istioctl"
                            + " create-remote-secret --server=...)");
        }
        Optional<String> rejected = RemoteSecret.rejectedCredentials(kubeconfig);
        if (rejected.isPresent()) {
            return fail(where + ": its user " + rejected.get(),
                    "istiod rejects kubeconfigs that run commands (exec), read files or use auth providers"
                            + " other than oidc: recreate it with istioctl create-remote-secret, which embeds a"
                            + " token");
        }
        usable = true;
        return pass(where + " in '" + primary.name() + "', server "
                + server.get() + ", credentials embedded (not shown)");
    }
}
