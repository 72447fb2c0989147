package io.meshconformance.istio;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.text.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches a remote to the primary (DESIGN.md stage 6): the tutorial's {@code generate-kubeconfig.sh} (a reader
 * identity in the remote, its token and CA) and {@code create-secret.sh} (the remote secret in the primary), done
 * as {@code istioctl create-remote-secret} does them today: a reader token already in the remote is used, otherwise
 * the run creates one. The token is read, put in the Secret, and never logged.
 */
public final class RemoteAttacher {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteAttacher.class);
    static final Duration POLL = Duration.ofSeconds(1);

    private final Duration timeout;
    private final RunId run;
    private final Map<String, String> labels;
    private final String namespace;

    /** For the control plane the run installs, in istio-system. */
    public RemoteAttacher(Duration timeout, RunId run) {
        this(timeout, run, RemoteSecret.NAMESPACE);
    }

    /**
     * @param namespace istiod's namespace: the remote secret goes there in the primary (istiod watches only its own
     *                  namespace), and the remote's reader account is there in the remote (the same name)
     */
    public RemoteAttacher(Duration timeout, RunId run, String namespace) {
        this.timeout = timeout;
        this.run = run;
        this.labels = run.labels();
        this.namespace = namespace;
    }

    /** The reader token in {@code remote}, the remote secret in {@code primary}; returns what was attached. */
    public Attachment attach(MeshCluster primary, MeshCluster remote, CleanupStack cleanup) {
        KubernetesClient remoteClient = remote.client();
        Waits.until("cluster '" + remote.name() + "': ServiceAccount " + namespace + "/"
                        + RemoteSecret.READER_SERVICE_ACCOUNT + " exists (the base chart creates it)", timeout, POLL,
                () -> remoteClient.serviceAccounts().inNamespace(namespace)
                        .withName(RemoteSecret.READER_SERVICE_ACCOUNT).get() == null
                        ? Optional.of("not found") : Optional.empty());

        KubernetesClient primaryClient = primary.client();
        String name = RemoteSecret.secretName(remote.name());
        // As istioctl does: a reader token already in the remote (istioctl create-remote-secret leaves one) is used,
        // read only, never changed or deleted; only when there is none does the run create its own.
        Optional<Secret> found = RemoteSecret.readerToken(remoteClient.secrets().inNamespace(namespace)
                .list().getItems());
        String tokenName = found.map(s -> s.getMetadata().getName()).orElse(RemoteSecret.TOKEN_SECRET);
        // Both checks before anything is created: a refused attach leaves no reader token behind.
        boolean tokenIsOurs = found.isEmpty() && refuseForeign(remoteClient, RemoteSecret.TOKEN_SECRET, remote.name());
        boolean secretIsOurs = refuseForeign(primaryClient, name, primary.name());
        if (found.isPresent()) {
            LOG.info("Cluster '{}': using the reader token Secret {}/{} found there ({}); the run reads it and"
                    + " leaves it as it is", remote.name(), namespace, tokenName,
                    run.owns(found.get().getMetadata().getLabels()) ? "this run's own"
                            : "not this run's: istioctl create-remote-secret leaves one");
        } else {
            put(remoteClient, RemoteSecret.tokenSecret(namespace, labels), tokenIsOurs);
            cleanup.push("delete Secret " + namespace + "/" + RemoteSecret.TOKEN_SECRET + " in cluster '"
                    + remote.name() + "'", () -> remoteClient.secrets().inNamespace(namespace)
                    .withName(RemoteSecret.TOKEN_SECRET).delete());
        }

        Secret[] filled = {null};
        Waits.until("cluster '" + remote.name() + "': the token controller fills Secret " + namespace
                + "/" + tokenName + " with token and ca.crt", timeout, POLL, () -> {
                    Secret s = remoteClient.secrets().inNamespace(namespace)
                            .withName(tokenName).get();
                    if (s == null) {
                        return Optional.of("the Secret is gone");
                    }
                    Map<String, String> data = s.getData() == null ? Map.of() : s.getData();
                    if (blank(data.get("token")) || blank(data.get("ca.crt"))) {
                        return Optional.of("data keys so far: " + data.keySet() + " (kube-controller-manager's token"
                                + " controller fills a Secret of type kubernetes.io/service-account-token whose"
                                + " annotation names an existing ServiceAccount; is that controller running?)");
                    }
                    filled[0] = s;
                    return Optional.empty();
                });

        String token = decode(filled[0].getData().get("token"));
        String ca = decode(filled[0].getData().get("ca.crt"));
        String kubeconfig = RemoteSecret.kubeconfig(remote.name(), remote.internalServer(), ca, token);
        Secret secret = RemoteSecret.secret(namespace, remote.name(), kubeconfig, labels);

        put(primaryClient, secret, secretIsOurs);
        cleanup.push("delete Secret " + namespace + "/" + name + " in cluster '" + primary.name() + "'",
                () -> primaryClient.secrets().inNamespace(namespace).withName(name).delete());
        LOG.info("Cluster '{}': remote secret {} created for cluster '{}' (server {})", primary.name(), name,
                remote.name(), Redaction.uriText(remote.internalServer()));
        return new Attachment(primary.name(), remote.name(), name, Redaction.uriText(remote.internalServer()));
    }

    /**
     * Creates {@code secret}, or updates it when it is the run's own already. A plain create fails (409) if someone
     * made a Secret of that name since the check, instead of overwriting it; the undo is registered only after.
     */
    private void put(KubernetesClient client, Secret secret, boolean ours) {
        var resource = client.secrets().inNamespace(namespace).resource(secret);
        if (ours) {
            resource.update();
        } else {
            resource.create();
        }
    }

    /**
     * The harness updates only Secrets it created (labelled with its run); anything else is left alone. Returns
     * whether the Secret exists (and is the run's).
     */
    private boolean refuseForeign(KubernetesClient client, String name, String cluster) {
        Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            return false;
        }
        if (!run.owns(existing.getMetadata().getLabels())) {
            throw new IstioInstallException("Cluster '" + cluster + "': Secret " + namespace + "/" + name
                    + " exists and was not created by this run; the harness does not overwrite it. Remove it, or"
                    + " test the existing attachment instead of creating one (" + Keys.EXISTING_ATTACH + "=false)");
        }
        return true;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
