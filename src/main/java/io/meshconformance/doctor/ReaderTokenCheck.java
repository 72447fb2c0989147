package io.meshconformance.doctor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.RemoteSecret;

/**
 * When the run attaches the remote itself: which reader token stage 5 will put in the remote secret. A token of the
 * reader service account already in the remote's istiod namespace (what {@code istioctl create-remote-secret}
 * leaves) is used as istioctl would use it, read only; otherwise the run creates its own, which a Secret of that
 * name that is no such token would prevent.
 */
final class ReaderTokenCheck extends ClusterCheck {

    private final String namespace;

    /** @param namespace the remote's namespace of istiod's name, where the remote profile put the reader account */
    ReaderTokenCheck(MeshCluster remote, String namespace) {
        super(Check.READER_TOKEN, remote);
        this.namespace = namespace;
    }

    @Override
    public CheckResult run() {
        List<Secret> secrets = cluster().client().secrets().inNamespace(namespace).list().getItems();
        Optional<Secret> found = RemoteSecret.readerToken(secrets);
        String account = RemoteSecret.READER_SERVICE_ACCOUNT;
        if (found.isPresent()) {
            return pass("stage 5 will use Secret " + namespace + "/" + found.get().getMetadata().getName()
                    + ", a token of " + account + " this run did not make (istioctl create-remote-secret leaves one):"
                    + " read, never changed or deleted");
        }
        Optional<Secret> blocking = secrets.stream()
                .filter(s -> RemoteSecret.TOKEN_SECRET.equals(s.getMetadata().getName())).findFirst();
        if (blocking.isPresent()) {
            return fail("Secret " + namespace + "/" + RemoteSecret.TOKEN_SECRET + " exists but is no"
                    + " token of " + account + " (type " + Objects.requireNonNullElse(blocking.get().getType(), "Opaque") + ")", "stage 5 would need"
                    + " that name for its own token and never overwrites what it did not create: remove the Secret"
                    + " (kubectl --context <" + cluster().name() + "> -n " + namespace + " delete secret "
                    + RemoteSecret.TOKEN_SECRET + ") or set " + Keys.EXISTING_ATTACH + "=false to verify the"
                    + " attachment found");
        }
        return pass("no token of " + account + " in " + namespace + " yet: stage 5 creates Secret "
                + namespace + "/" + RemoteSecret.TOKEN_SECRET + " and deletes it afterwards");
    }
}
