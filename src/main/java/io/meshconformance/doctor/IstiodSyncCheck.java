package io.meshconformance.doctor;

import java.util.Optional;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.istio.AttachCheck;
import io.meshconformance.istio.IstiodRevision;

/**
 * Checks that istiod's {@code debug/clusterz} lists a remote as synced; asked only when {@link IstioPrimaryCheck}
 * found a ready istiod and {@link RemoteSecretCheck} a usable secret, and not at all when the run attaches the
 * remote itself.
 */
final class IstiodSyncCheck implements DoctorCheck {

    private final DoctorContext context;
    private final MeshCluster remote;
    private final IstioPrimaryCheck istioPrimary;
    private final RemoteSecretCheck remoteSecret;

    /**
     * @param istioPrimary the primary's check, run before this one
     * @param remoteSecret the remote's secret check, run before this one
     */
    IstiodSyncCheck(DoctorContext context, MeshCluster remote, IstioPrimaryCheck istioPrimary,
                    RemoteSecretCheck remoteSecret) {
        this.context = context;
        this.remote = remote;
        this.istioPrimary = istioPrimary;
        this.remoteSecret = remoteSecret;
    }

    @Override
    public Check check() {
        return Check.ISTIOD_SYNC;
    }

    @Override
    public String scope() {
        return remote.name();
    }

    @Override
    public CheckResult run() {
        if (context.expect().attachByRun()) {
            return skip("this run attaches the remote, then waits for it to be"
                    + " synced (stage 'Attach')");
        }
        Optional<IstiodRevision> controlPlane = istioPrimary.controlPlane();
        if (!istioPrimary.istiodReady() || !remoteSecret.usable() || controlPlane.isEmpty()) {
            return skip("not checked: needs a ready istiod and a usable remote"
                    + " secret (see 'istio-primary' and 'remote-secret')");
        }
        Optional<AttachCheck.Problem> problem = AttachCheck.problem(context.istiod().apply(controlPlane.get()),
                remote.name());
        if (problem.isEmpty()) {
            return pass("istiod's debug/clusterz lists '" + remote.name()
                    + "' as synced");
        }
        return fail("debug/clusterz: " + problem.get().seen(),
                AttachCheck.causes(problem.get(), remote.name(), controlPlane.get().namespace()));
    }
}
