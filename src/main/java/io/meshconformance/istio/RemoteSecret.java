package io.meshconformance.istio;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.meshconformance.cluster.Kubeconfig;
import io.meshconformance.topology.ApiServerUrl;

/**
 * What {@code istioctl create-remote-secret} builds, and what the origin tutorial's {@code generate-kubeconfig.sh}
 * and {@code create-secret.sh} built by hand (osswangxining/istio-multicluster; istio/istio
 * {@code istioctl/pkg/multicluster/remote_secret.go}): a kubeconfig for the remote's reader service account, held
 * in a Secret in the primary's {@code istio-system} that istiod's secret controller watches. Pure.
 */
public final class RemoteSecret {

    /** istiod watches only its own namespace for remote secrets. */
    public static final String NAMESPACE = IstioPlan.NAMESPACE;
    /** Created by the {@code base} chart in the remote; bound to the reader ClusterRole by the {@code istiod} chart. */
    public static final String READER_SERVICE_ACCOUNT = "istio-reader-service-account";
    /**
     * The explicit token Secret Kubernetes 1.24+ needs; named as istioctl names the one it creates (istio/istio 1.30.3
     * istioctl/pkg/multicluster/remote_secret.go, {@code tokenSecretName}).
     */
    public static final String TOKEN_SECRET = READER_SERVICE_ACCOUNT + "-istio-remote-secret-token";
    public static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
    public static final String SERVICE_ACCOUNT_ANNOTATION = "kubernetes.io/service-account.name";
    /** istiod's secret controller selects Secrets by this label (in its own namespace only). */
    public static final String MULTICLUSTER_LABEL = "istio/multiCluster";
    public static final String CLUSTER_ANNOTATION = "networking.istio.io/cluster";

    private RemoteSecret() {
    }

    /** {@code istio-remote-secret-<cluster>}. */
    public static String secretName(String cluster) {
        return "istio-remote-secret-" + cluster;
    }

    /** The token Secret to create in the remote; the token controller fills {@code token} and {@code ca.crt}. */
    public static Secret tokenSecret(Map<String, String> labels) {
        return tokenSecret(NAMESPACE, labels);
    }

    /** {@link #tokenSecret(Map)} in {@code namespace}, the remote's namespace of istiod's name. */
    public static Secret tokenSecret(String namespace, Map<String, String> labels) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(TOKEN_SECRET)
                .withNamespace(namespace)
                .withLabels(labels)
                .addToAnnotations(SERVICE_ACCOUNT_ANNOTATION, READER_SERVICE_ACCOUNT)
                .endMetadata()
                .withType(TOKEN_TYPE)
                .build();
    }

    /**
     * Whether {@code secret} is a token of the reader service account: of type
     * {@code kubernetes.io/service-account-token} and annotated with that account's name (istioctl 1.30.3's
     * {@code secretReferencesServiceAccount}).
     */
    public static boolean isReaderToken(Secret secret) {
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        return TOKEN_TYPE.equals(secret.getType()) && annotations != null
                && READER_SERVICE_ACCOUNT.equals(annotations.get(SERVICE_ACCOUNT_ANNOTATION));
    }

    /**
     * The reader token {@code istioctl create-remote-secret} would use among the Secrets of the remote's
     * {@code istio-system}: on Kubernetes 1.24+ it lists them and takes the first that is a reader token (the API
     * server lists by name), creating {@link #TOKEN_SECRET} only when there is none (istio/istio 1.30.3
     * istioctl/pkg/multicluster/remote_secret.go, {@code getOrCreateServiceAccountSecret}).
     */
    public static Optional<Secret> readerToken(List<Secret> secretsInNamespace) {
        return secretsInNamespace.stream().filter(RemoteSecret::isReaderToken)
                .min(Comparator.comparing(s -> s.getMetadata().getName()));
    }

    /**
     * A kubeconfig whose cluster, context and user are all named {@code cluster}, holding the server, the CA and
     * the token; nothing istiod refuses (no exec, no file paths, no auth provider).
     *
     * @param server        the remote API server as istiod's pod reaches it; never loopback ({@link ApiServerUrl})
     * @param caCertificate PEM of the cluster CA, as the token Secret's {@code ca.crt} holds it
     */
    public static String kubeconfig(String cluster, String server, String caCertificate, String token) {
        requireReachableServer(cluster, server);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no token for cluster '" + cluster + "': the token Secret "
                    + TOKEN_SECRET + " was not filled");
        }
        if (caCertificate == null || caCertificate.isBlank()) {
            throw new IllegalArgumentException("no CA certificate for cluster '" + cluster + "': the token Secret "
                    + TOKEN_SECRET + " has no ca.crt");
        }
        Config config = new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster().withName(cluster).withNewCluster()
                .withServer(server)
                .withCertificateAuthorityData(Base64.getEncoder().encodeToString(caCertificate.getBytes()))
                .endCluster().endCluster()
                .addNewContext().withName(cluster).withNewContext()
                .withCluster(cluster).withUser(cluster)
                .endContext().endContext()
                .addNewUser().withName(cluster).withNewUser().withToken(token).endUser().endUser()
                .withCurrentContext(cluster)
                .build();
        return Serialization.asYaml(config);
    }

    /** The Secret for the primary: label, annotation and one data key equal to the cluster name. */
    public static Secret secret(String cluster, String kubeconfig, Map<String, String> labels) {
        return secret(NAMESPACE, cluster, kubeconfig, labels);
    }

    /**
     * {@link #secret(String, String, Map)} in {@code namespace}, istiod's: its secret controller watches only its own
     * namespace (istio/istio 1.30.3 pkg/kube/multicluster/secretcontroller.go), as {@code istioctl
     * create-remote-secret -i <namespace>} writes it.
     */
    public static Secret secret(String namespace, String cluster, String kubeconfig, Map<String, String> labels) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(secretName(cluster))
                .withNamespace(namespace)
                .withLabels(labels)
                .addToLabels(MULTICLUSTER_LABEL, "true")
                .addToAnnotations(CLUSTER_ANNOTATION, cluster)
                .endMetadata()
                .withType("Opaque")
                .addToStringData(cluster, kubeconfig)
                .build();
    }

    /**
     * Refuses servers istiod's pod cannot reach: loopback and "localhost" (the most common failure on Docker-based
     * clusters, where the harness's own kubeconfig points at a port mapped on the host).
     */
    static void requireReachableServer(String cluster, String server) {
        ApiServerUrl.problem(server).ifPresent(reason -> {
            throw new IllegalArgumentException("server '" + server + "' for cluster '" + cluster + "' cannot be used"
                    + " in a remote secret: it " + reason);
        });
    }

    /**
     * Why istiod would refuse the credentials of a remote secret's kubeconfig without any opt-in, or empty when it
     * takes them: exec plugins, file paths for keys or tokens, and auth providers other than oidc (istio/istio
     * 1.30.3 pkg/kube/util.go, sanitizeKubeConfig); {@link IstiodKubeconfig} has the whole of istiod's reading.
     */
    public static Optional<String> rejectedCredentials(Kubeconfig kubeconfig) {
        return IstiodKubeconfig.refused(kubeconfig, IstiodKubeconfig.allowlist(""))
                .map(IstiodKubeconfig.Credential::what);
    }
}
