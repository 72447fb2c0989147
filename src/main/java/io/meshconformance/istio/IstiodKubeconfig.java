package io.meshconformance.istio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.meshconformance.cluster.Kubeconfig;

/**
 * How istiod 1.30 reads the kubeconfig in a remote secret before it builds a client for the remote, in its order
 * (istio/istio 1.30.3 {@code pkg/kube/util.go}, {@code NewUntrustedRestConfig}): client-go loads and validates the
 * whole file ({@code clientcmd.Validate}, kubernetes/client-go v0.35.3 {@code tools/clientcmd/validation.go}), then
 * {@code sanitizeKubeConfig} refuses credentials that run commands or read files unless
 * {@value #INSECURE_OPTIONS_ENV} allows them ({@code pilot/pkg/features/pilot.go}), then client-go builds the client
 * from the current context ({@code DirectClientConfig.ConfirmUsable} in {@code tools/clientcmd/client_config.go}).
 * Pure: it never opens a file or runs a command the kubeconfig names. Messages name files and options, never
 * credentials.
 */
public final class IstiodKubeconfig {

    /** istiod's opt-in for otherwise refused credentials, read from its discovery container's env. */
    public static final String INSECURE_OPTIONS_ENV = "PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS";

    private static final Set<String> INTERACTIVE_MODES = Set.of("Never", "IfAvailable", "Always");
    /** apiVersions whose empty interactiveMode client-go defaults to IfAvailable (api/v1/defaults.go). */
    private static final Set<String> DEFAULTED_EXEC_VERSIONS = Set.of("client.authentication.k8s.io/v1beta1",
            "client.authentication.k8s.io/v1alpha1");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /**
     * A credential of a user that istiod refuses unless {@link #INSECURE_OPTIONS_ENV} names {@code option}.
     *
     * @param user   the user's name in the kubeconfig
     * @param option the word of the allowlist that lets istiod take it
     * @param what   what the credential does, in words ("runs a command (exec) for its credentials")
     * @param risk   what istiod then does in its own pod, and why it is refused by default
     */
    public record Credential(String user, String option, String what, String risk) {
    }

    private IstiodKubeconfig() {
    }

    /**
     * The allowlist as istiod parses the env var: split at every comma, nothing trimmed, case kept (so
     * {@code "exec, tokenFile"} allows {@code exec} and {@code " tokenFile"}, which matches nothing).
     */
    public static Set<String> allowlist(String envValue) {
        return new LinkedHashSet<>(Arrays.asList(Objects.requireNonNullElse(envValue, "").split(",", -1)));
    }

    /**
     * Why client-go refuses the file, each problem in words; empty when it loads. Covers {@code clientcmd.Validate}
     * over every context, user and cluster, and what building the client from the current context adds (a
     * current-context must be set). A client-certificate or client-key file is left to {@link #insecure}: it needs
     * the opt-in first.
     */
    public static List<String> invalid(Kubeconfig kubeconfig) {
        List<String> problems = new ArrayList<>();
        List<NamedContext> contexts = kubeconfig.namedContexts();
        List<NamedCluster> clusters = kubeconfig.namedClusters();
        List<NamedAuthInfo> users = kubeconfig.namedUsers();
        Optional<String> current = kubeconfig.currentContext();
        if (contexts.isEmpty() && clusters.isEmpty() && users.isEmpty() && current.isEmpty()) {
            return List.of("it holds no context, cluster or user (client-go: no configuration has been provided)");
        }
        if (current.isEmpty()) {
            problems.add("it names no current-context, so client-go has no cluster to connect to");
        } else if (!kubeconfig.hasContext(current.get())) {
            problems.add("its current-context '" + current.get() + "' is not one of its contexts "
                    + kubeconfig.contextNames());
        }
        Set<String> clusterNames = clusters.stream().map(NamedCluster::getName).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Set<String> userNames = users.stream().map(NamedAuthInfo::getName).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        for (NamedContext named : contexts) {
            String name = Objects.requireNonNullElse(named.getName(), "");
            Context context = Objects.requireNonNullElse(named.getContext(), new Context());
            if (name.isEmpty()) {
                problems.add("a context has no name");
            }
            if (blank(context.getUser())) {
                problems.add("context '" + name + "' names no user");
            } else if (!userNames.contains(context.getUser())) {
                problems.add("context '" + name + "' names the user '" + context.getUser()
                        + "', which is not in the file");
            }
            if (blank(context.getCluster())) {
                problems.add("context '" + name + "' names no cluster");
            } else if (!clusterNames.contains(context.getCluster())) {
                problems.add("context '" + name + "' names the cluster '" + context.getCluster()
                        + "', which is not in the file");
            }
            if (!blank(context.getNamespace()) && !DNS_LABEL.matcher(context.getNamespace()).matches()) {
                problems.add("context '" + name + "' has a namespace that is not a DNS label");
            }
        }
        for (NamedAuthInfo named : users) {
            problems.addAll(invalidUser(Objects.requireNonNullElse(named.getName(), ""),
                    Objects.requireNonNullElse(named.getUser(), new AuthInfo())));
        }
        for (NamedCluster named : clusters) {
            problems.addAll(invalidCluster(Objects.requireNonNullElse(named.getName(), ""), named.getCluster()));
        }
        return problems;
    }

    private static List<String> invalidUser(String name, AuthInfo user) {
        List<String> problems = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        if (!blank(user.getToken())) {
            methods.add("token");
        }
        if (!blank(user.getUsername()) || !blank(user.getPassword())) {
            methods.add("basic auth");
        }
        if (methods.size() > 1) {
            problems.add("user '" + name + "' has more than one authentication method " + methods);
        }
        boolean certFile = !blank(user.getClientCertificate());
        boolean certData = !blank(user.getClientCertificateData());
        boolean keyFile = !blank(user.getClientKey());
        boolean keyData = !blank(user.getClientKeyData());
        if (certFile || certData) {
            if (certFile && certData) {
                problems.add("user '" + name + "' has both client-certificate and client-certificate-data");
            }
            if (keyFile && keyData) {
                problems.add("user '" + name + "' has both client-key and client-key-data");
            }
            if (!keyFile && !keyData) {
                problems.add("user '" + name + "' has a client certificate but no client key");
            }
        }
        ExecConfig exec = user.getExec();
        if (exec != null) {
            if (user.getAuthProvider() != null) {
                problems.add("user '" + name + "' has both an auth-provider and exec");
            }
            if (blank(exec.getCommand())) {
                problems.add("user '" + name + "' has exec without a command");
            }
            if (blank(exec.getApiVersion())) {
                problems.add("user '" + name + "' has exec without an apiVersion");
            }
            if (exec.getEnv() != null && exec.getEnv().stream().anyMatch(e -> e == null || blank(e.getName()))) {
                problems.add("user '" + name + "' has an exec env variable without a name");
            }
            String mode = exec.getInteractiveMode();
            // Set.of(...).contains(null) throws: an exec without apiVersion gets no default either.
            boolean defaulted = !blank(exec.getApiVersion()) && DEFAULTED_EXEC_VERSIONS.contains(exec.getApiVersion());
            if (blank(mode) && !defaulted) {
                problems.add("user '" + name + "' has exec without an interactiveMode");
            } else if (!blank(mode) && !INTERACTIVE_MODES.contains(mode)) {
                problems.add("user '" + name + "' has exec with the interactiveMode '" + mode
                        + "', not Never, IfAvailable or Always");
            }
        }
        boolean impersonates = !blank(user.getAsUid()) || (user.getAsGroups() != null && !user.getAsGroups().isEmpty())
                || (user.getAsUserExtra() != null && !user.getAsUserExtra().isEmpty());
        if (impersonates && blank(user.getAs())) {
            problems.add("user '" + name + "' asks for impersonated groups, uid or extras without a user (as)");
        }
        return problems;
    }

    private static List<String> invalidCluster(String name, Cluster cluster) {
        if (cluster == null || emptyCluster(cluster)) {
            return List.of("cluster '" + name + "' is empty");
        }
        List<String> problems = new ArrayList<>();
        if (blank(cluster.getServer())) {
            problems.add("cluster '" + name + "' has no server");
        }
        if (!blank(cluster.getProxyUrl()) && !cluster.getProxyUrl().matches("(?i)(https?|socks5)://.+")) {
            problems.add("cluster '" + name + "' has a proxy-url that is not an http, https or socks5 URL");
        }
        if (!blank(cluster.getCertificateAuthority())) {
            if (!blank(cluster.getCertificateAuthorityData())) {
                problems.add("cluster '" + name + "' has both certificate-authority and certificate-authority-data");
            }
            problems.add("cluster '" + name + "' reads its certificate-authority from the file "
                    + cluster.getCertificateAuthority() + ", which client-go opens inside istiod's pod, where the"
                    + " remote's file is not");
        }
        return problems;
    }

    /**
     * client-go's {@code reflect.DeepEqual(*api.NewCluster(), cluster)}: its two flags are Go bools, so written
     * {@code false} they are as unset as left out.
     */
    private static boolean emptyCluster(Cluster c) {
        return blank(c.getServer()) && blank(c.getCertificateAuthority()) && blank(c.getCertificateAuthorityData())
                && blank(c.getProxyUrl()) && blank(c.getTlsServerName())
                && !Boolean.TRUE.equals(c.getInsecureSkipTlsVerify()) && !Boolean.TRUE.equals(c.getDisableCompression())
                && (c.getExtensions() == null || c.getExtensions().isEmpty());
    }

    /**
     * Every credential of the file that {@code sanitizeKubeConfig} refuses unless the allowlist names its option, in
     * istiod's order per user (auth provider other than oidc, clientKey, clientCertificate, tokenFile, exec); istiod
     * judges every user of the file, not only the current context's.
     */
    public static List<Credential> insecure(Kubeconfig kubeconfig) {
        List<Credential> out = new ArrayList<>();
        for (NamedAuthInfo named : kubeconfig.namedUsers()) {
            String name = Objects.requireNonNullElse(named.getName(), "");
            AuthInfo user = named.getUser();
            if (user == null) {
                continue;
            }
            if (user.getAuthProvider() != null && !"oidc".equals(user.getAuthProvider().getName())) {
                String provider = Objects.requireNonNullElse(user.getAuthProvider().getName(), "");
                out.add(new Credential(name, provider, "uses the auth provider '" + provider + "'",
                        "an auth provider other than oidc may read files or run code in istiod's pod"));
            }
            if (!blank(user.getClientKey())) {
                out.add(new Credential(name, "clientKey", "reads its client key from the file "
                        + user.getClientKey(), "istiod reads that file in its own pod, so a secret's author can"
                        + " make istiod send any file it can read; the file must be mounted in istiod's pod"));
            }
            if (!blank(user.getClientCertificate())) {
                out.add(new Credential(name, "clientCertificate", "reads its client certificate from the file "
                        + user.getClientCertificate(), "istiod reads that file in its own pod, so a secret's author"
                        + " can make istiod send any file it can read; the file must be mounted in istiod's pod"));
            }
            if (!blank(user.getTokenFile())) {
                out.add(new Credential(name, "tokenFile", "reads its token from the file " + user.getTokenFile(),
                        "istiod reads that file in its own pod and sends it to the remote's server, so a secret's"
                                + " author can make istiod send its own token; the file must be mounted in"
                                + " istiod's pod"));
            }
            if (user.getExec() != null) {
                out.add(new Credential(name, "exec", "runs a command (exec) for its credentials"
                        + (blank(user.getExec().getCommand()) ? "" : " ('" + user.getExec().getCommand() + "')"),
                        "istiod runs that command in its own pod, so whoever writes the secret runs code in"
                                + " istiod; the command must exist in the istiod image"));
            }
        }
        return out;
    }

    /** The first credential the allowlist does not allow: what makes istiod say "kubeconfig is not allowed". */
    public static Optional<Credential> refused(Kubeconfig kubeconfig, Set<String> allowlist) {
        return insecure(kubeconfig).stream().filter(c -> !allowlist.contains(c.option())).findFirst();
    }

    /** The server of the current context's cluster: the one istiod connects to. */
    public static Optional<String> server(Kubeconfig kubeconfig) {
        return kubeconfig.currentContext().flatMap(kubeconfig::server).filter(s -> !s.isBlank());
    }

    /** Whether istiod would build a client from the file with this allowlist (not whether the server answers). */
    public static boolean loads(Kubeconfig kubeconfig, Set<String> allowlist) {
        return invalid(kubeconfig).isEmpty() && refused(kubeconfig, allowlist).isEmpty()
                && server(kubeconfig).isPresent();
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
