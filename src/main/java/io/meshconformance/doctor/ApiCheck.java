package io.meshconformance.doctor;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.meshconformance.cluster.KubeClients;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;
import io.meshconformance.text.Causes;
import io.meshconformance.text.Redaction;

/**
 * Checks that a cluster's API server answers and accepts the kubeconfig's credentials; every later check reads
 * through it, so the runner skips those of a cluster that fails here.
 */
final class ApiCheck implements DoctorCheck {

    /**
     * How long each of the two reads (/version, one namespace) may take, without retries. A server that refuses, or
     * accepts and never answers, is this row's FAIL within 5 s (the second read follows only an answer); 3 s, not
     * less, leaves room for a slow first TLS handshake (a cluster across a VPN, a loaded machine), which must not
     * read as a dead server.
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    private final MeshCluster cluster;

    ApiCheck(MeshCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Check check() {
        return Check.API;
    }

    @Override
    public String scope() {
        return cluster.name();
    }

    /** Never throws: whatever keeps the API from answering is this check's FAIL. */
    @Override
    public CheckResult run() {
        String server = Redaction.uriText(cluster.client().getMasterUrl().toString());
        try (KubernetesClient client = KubeClients.forChecks(cluster.client(), READ_TIMEOUT)) {
            VersionInfo info = client.getKubernetesVersion();
            if (info == null) {
                // The client reports some failures to connect (an address that never answers) as no version.
                return fail("no answer to GET /version from " + server, noAnswer(server));
            }
            String version = Objects.requireNonNullElse(info.getGitVersion(), "(version not reported)");
            // /version is often open to anyone; listing namespaces proves the credentials.
            client.namespaces().list(new ListOptionsBuilder().withLimit(1L).build());
            String evidence = "Kubernetes " + version + " at " + server + "; the credentials may list namespaces";
            if (server.startsWith("https://") && cluster.client().getConfiguration().isTrustCerts()) {
                return warn(evidence + ", but the kubeconfig turns TLS verification off (insecure-skip-tls-verify)",
                        "whoever stands between this machine and " + server + " could answer in the API server's"
                                + " place and receive the credentials the harness sends: put the cluster's CA in the"
                                + " kubeconfig (certificate-authority-data) and drop insecure-skip-tls-verify");
            }
            return pass(evidence);
        } catch (KubernetesClientException e) {
            String fix = switch (e.getCode()) {
                case 401 -> "the API server rejected the credentials (401): the token or certificate has expired or"
                        + " is wrong; refresh the kubeconfig (e.g. your cloud's get-credentials command)";
                case 403 -> "the credentials are accepted but may not list namespaces (403); the harness needs an"
                        + " identity that may read and create namespaced objects (cluster-admin or equivalent)";
                default -> noAnswer(server);
            };
            if (e.getCode() <= 0 && timedOut(e)) {
                return fail("the API server did not answer within " + READ_TIMEOUT.toSeconds() + " s ("
                        + Causes.describe(e) + ")", fix);
            }
            Throwable refusal = e.getCode() <= 0 ? refusal(e) : null;
            if (refusal != null) {
                return fail("the connection to " + server + " was refused: nothing listens there ("
                        + refusal.getClass().getSimpleName() + ": " + Causes.firstLine(refusal) + ")", fix);
            }
            return fail((e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "")
                    + Causes.describe(e), fix);
        } catch (RuntimeException e) {
            // Not an HTTP answer: the client could not even make the request (a credential plugin that failed,
            // unreadable certificate data, ...).
            return fail(Causes.describe(e), "the client could not use the"
                    + " kubeconfig's credentials for " + server + ": check them with kubectl --context of "
                    + contextKey() + " and fix what the message names");
        }
    }

    /** Whether the client gave up waiting (a connection, a TLS handshake, an answer) rather than being refused. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (t instanceof TimeoutException || name.contains("Timeout")
                    || (t.getMessage() != null && t.getMessage().contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    /** The {@link ConnectException} in {@code e}'s causes (nothing listens at the address), or null. */
    private static Throwable refusal(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return t;
            }
        }
        return null;
    }

    private String noAnswer(String server) {
        return "no usable answer from " + server + ": check that the cluster runs, that this machine reaches it (VPN,"
                + " firewall, proxy), and the context chosen with " + contextKey();
    }

    private String contextKey() {
        return cluster.spec().isPrimary() ? Keys.PRIMARY_CONTEXT : Keys.REMOTE_CONTEXT;
    }
}
