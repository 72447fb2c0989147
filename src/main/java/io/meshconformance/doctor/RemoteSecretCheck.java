package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.meshconformance.cluster.Kubeconfig;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.IstiodKubeconfig;
import io.meshconformance.istio.IstiodRevision;
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
    private final IstioPrimaryCheck istioPrimary;
    private boolean usable;

    /** @param istioPrimary the primary's check, run before this one: whose istiod's allowlist counts */
    RemoteSecretCheck(DoctorContext context, MeshCluster remote, IstioPrimaryCheck istioPrimary) {
        this.context = context;
        this.primary = context.primary();
        this.remote = remote;
        this.istioPrimary = istioPrimary;
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
        List<Secret> secrets = primary.client().secrets().inNamespace(context.istioNamespace())
                .withLabel(RemoteSecret.MULTICLUSTER_LABEL, "true").list().getItems();
        Optional<Secret> holder = secrets.stream().filter(s -> SecretData.keys(s).contains(remote.name()))
                .findFirst();
        if (context.expect().attachByRun()) {
            if (holder.isPresent() && !context.ours(holder.get().getMetadata().getLabels())) {
                return fail("Secret " + context.istioNamespace() + "/"
                        + holder.get().getMetadata().getName() + " in '" + primary.name() + "' already attaches '"
                        + remote.name() + "'", "the remote is attached already: set " + Keys.EXISTING_ATTACH
                        + "=false to verify that attachment instead of creating a second one");
            }
            return skip("this run creates the remote secret");
        }
        if (holder.isEmpty()) {
            List<String> ignored = new ArrayList<>();
            Optional<String> unlabelled = ignoredSecrets(ignored);
            if (!ignored.isEmpty()) {
                String recreateHere = "istioctl create-remote-secret --context=<remote> --name=" + remote.name()
                        + namespaceFlag()
                        + " | kubectl apply --context=<primary> -f -";
                return fail(String.join("; ", ignored), "istiod reads only Secrets labelled "
                        + RemoteSecret.MULTICLUSTER_LABEL + "=true in its own namespace " + context.istioNamespace()
                        + (unlabelled.isPresent() ? ": kubectl --context=<primary> -n " + context.istioNamespace()
                        + " label secret " + unlabelled.get() + " " + RemoteSecret.MULTICLUSTER_LABEL + "=true"
                        + " (or recreate it: " + recreateHere + ")"
                        : ": create it there, " + recreateHere + ", and delete the ignored copy"));
            }
            String found = secrets.isEmpty() ? "no Secret labelled " + RemoteSecret.MULTICLUSTER_LABEL
                    + "=true in " + context.istioNamespace() + " of '" + primary.name() + "'"
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
        String where = context.istioNamespace() + "/" + secret.getMetadata().getName() + " key '" + remote.name()
                + "'";
        String recreate = "recreate it with istioctl create-remote-secret --name=" + remote.name()
                + namespaceFlag();
        String kubeconfigText = SecretData.text(secret, remote.name());
        Kubeconfig kubeconfig;
        try {
            kubeconfig = Kubeconfig.parse(kubeconfigText);
        } catch (RuntimeException e) {
            return fail(where + " does not hold a kubeconfig", recreate);
        }
        // istiod's order (pkg/kube/util.go, NewUntrustedRestConfig): client-go's validation, then its credential
        // policy, then the current context's server.
        Optional<String> server = IstiodKubeconfig.server(kubeconfig);
        List<String> invalid = IstiodKubeconfig.invalid(kubeconfig);
        if (!invalid.isEmpty()) {
            return fail(where + (server.isEmpty() ? ": its kubeconfig has no server istiod can use, and" : ":")
                    + " client-go's validation refuses it: " + String.join("; ", invalid),
                    "istiod logs 'kubeconfig is not valid' and never adds the cluster: " + recreate + ", which writes"
                            + " one context, cluster and user named after the remote, with the CA embedded"
                            + " (certificate-authority-data) and a token");
        }
        if (server.isEmpty()) {
            return fail(where + ": its kubeconfig has no server", recreate);
        }
        Allowlist allowlist = allowlist();
        Optional<IstiodKubeconfig.Credential> refused = IstiodKubeconfig.refused(kubeconfig, allowlist.options());
        if (refused.isPresent()) {
            IstiodKubeconfig.Credential c = refused.get();
            return fail(where + ": its user '" + c.user() + "' " + c.what() + ", and " + allowlist.said()
                    + " does not allow '" + c.option() + "'",
                    "istiod rejects kubeconfigs whose credentials run commands, read files or use auth providers"
                            + " other than oidc (logs 'kubeconfig is not allowed', never adds the cluster): "
                            + recreate + ", which embeds a token; or, accepting the risk (" + c.risk() + "), add '"
                            + c.option() + "' to " + IstiodKubeconfig.INSECURE_OPTIONS_ENV + " in the env of"
                            + " istiod's discovery container (comma-separated, no spaces)");
        }
        boolean plainHttp = server.get().regionMatches(true, 0, "http://", 0, "http://".length());
        Optional<String> unusable = ApiServerUrl.problem(plainHttp ? "https://" + server.get().substring(7)
                : server.get());
        if (unusable.isPresent()) {
            return fail(where + ": server " + server.get(),
                    "the server " + unusable.get() + "; recreate the secret with it (istioctl"
                            + " create-remote-secret --server=...)");
        }
        usable = true;
        List<String> notes = new ArrayList<>();
        List<String> risks = new ArrayList<>();
        if (plainHttp) {
            notes.add("its server " + server.get() + " is plain http, which istiod accepts");
            risks.add("istiod sends the remote's credentials in the clear to " + server.get() + ": use the"
                    + " https:// address of the remote API server (istioctl create-remote-secret --server=https://...)");
        }
        for (IstiodKubeconfig.Credential c : IstiodKubeconfig.insecure(kubeconfig)) {
            notes.add("its user '" + c.user() + "' " + c.what() + ", which istiod accepts because "
                    + allowlist.said() + " allows '" + c.option() + "'");
            risks.add(c.risk());
        }
        if (!notes.isEmpty()) {
            return warn(where + " in '" + primary.name() + "': " + String.join("; ", notes),
                    String.join("; ", risks) + "; istioctl create-remote-secret writes a token and https instead");
        }
        return pass(where + " in '" + primary.name() + "', server "
                + server.get() + ", credentials embedded (not shown)");
    }

    /** What istiod's discovery container allows through {@value IstiodKubeconfig#INSECURE_OPTIONS_ENV}. */
    private record Allowlist(Set<String> options, String said) {
    }

    private Allowlist allowlist() {
        String env = IstiodKubeconfig.INSECURE_OPTIONS_ENV;
        // The run's revision's istiod when the primary's check found it; else any, ready ones first.
        Optional<IstiodRevision> controlPlane = istioPrimary.controlPlane();
        List<Deployment> istiods = IstiodDeployments.istiods(primary, context.istioNamespace()).stream()
                .filter(d -> controlPlane.map(c -> c.isIstiod(d.getMetadata().getLabels())).orElse(true))
                .sorted(Comparator.comparing(d -> IstiodDeployments.readyReplicas(d) > 0 ? 0 : 1)).toList();
        if (istiods.isEmpty()) {
            return new Allowlist(IstiodKubeconfig.allowlist(""), "istiod's " + env + " (no istiod Deployment"
                    + " found, so judged unset)");
        }
        String name = context.istioNamespace() + "/" + istiods.get(0).getMetadata().getName();
        Optional<EnvVar> var = IstiodDeployments.containerEnv(istiods.get(0), "discovery", env);
        if (var.isEmpty()) {
            return new Allowlist(IstiodKubeconfig.allowlist(""), env + " (unset in " + name + ")");
        }
        if (var.get().getValue() == null && var.get().getValueFrom() != null) {
            return new Allowlist(IstiodKubeconfig.allowlist(""), env + " of " + name + " (set from a reference"
                    + " the doctor does not read, so judged unset)");
        }
        String value = Objects.requireNonNullElse(var.get().getValue(), "");
        return new Allowlist(IstiodKubeconfig.allowlist(value), name + "'s " + env + "=" + value);
    }

    /** At most this many Secrets are read across the other namespaces when looking for ones istiod ignores. */
    static final long SEARCH_LIMIT = 500;

    /**
     * Secrets that would attach the remote but that istiod never reads: in its namespace without the label, or in
     * another namespace with a data key or a {@value RemoteSecret#CLUSTER_ANNOTATION} annotation naming the remote.
     * Each as a sentence, into {@code out}, naming it and why istiod ignores it; names and keys only, never the
     * content. Reads the Secrets of istiod's namespace and at most {@link #SEARCH_LIMIT} across the cluster. Returns the
     * name of the first unlabelled one in istiod's namespace.
     */
    private Optional<String> ignoredSecrets(List<String> out) {
        Optional<String> unlabelled = Optional.empty();
        for (Secret s : primary.client().secrets().inNamespace(context.istioNamespace()).list().getItems()) {
            if (namesRemote(s) && !"true".equals(label(s))) {
                out.add(context.istioNamespace() + "/" + s.getMetadata().getName() + describe(s) + " but has "
                        + (label(s) == null ? "no label " + RemoteSecret.MULTICLUSTER_LABEL + "=true"
                        : "the label " + RemoteSecret.MULTICLUSTER_LABEL + "=" + label(s) + ", not true")
                        + ", so istiod never reads it");
                unlabelled = unlabelled.or(() -> Optional.of(s.getMetadata().getName()));
            }
        }
        SecretList elsewhere = primary.client().secrets().inAnyNamespace()
                .list(new ListOptionsBuilder().withLimit(SEARCH_LIMIT).build());
        for (Secret s : elsewhere.getItems()) {
            String namespace = s.getMetadata().getNamespace();
            if (!context.istioNamespace().equals(namespace) && namesRemote(s)) {
                out.add(namespace + "/" + s.getMetadata().getName() + describe(s) + " but is in namespace "
                        + namespace + ", and istiod reads remote secrets only in its own namespace "
                        + context.istioNamespace());
            }
        }
        return unlabelled;
    }

    /** istioctl's flag for istiod's namespace, where it is not istioctl's default istio-system. */
    private String namespaceFlag() {
        return context.istioNamespace().equals(RemoteSecret.NAMESPACE) ? "" : " -i " + context.istioNamespace();
    }

    private boolean namesRemote(Secret s) {
        return SecretData.keys(s).contains(remote.name()) || remote.name().equals(annotation(s));
    }

    private String describe(Secret s) {
        return SecretData.keys(s).contains(remote.name()) ? " holds key '" + remote.name() + "'"
                : " is annotated " + RemoteSecret.CLUSTER_ANNOTATION + "=" + remote.name();
    }

    private static String label(Secret s) {
        return s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels()
                .get(RemoteSecret.MULTICLUSTER_LABEL);
    }

    private static String annotation(Secret s) {
        return s.getMetadata().getAnnotations() == null ? null : s.getMetadata().getAnnotations()
                .get(RemoteSecret.CLUSTER_ANNOTATION);
    }
}
