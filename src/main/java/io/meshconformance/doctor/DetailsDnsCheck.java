package io.meshconformance.doctor;

import java.util.List;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;

/**
 * Checks that productpage in the primary can resolve details, which a remote serves: the primary needs a Service
 * details of its own for DNS, without pods behind it.
 */
final class DetailsDnsCheck implements DoctorCheck {

    private final DoctorContext context;
    private final MeshCluster primary;
    private final MeshCluster remote;

    DetailsDnsCheck(DoctorContext context, MeshCluster remote) {
        this.context = context;
        this.primary = context.primary();
        this.remote = remote;
    }

    @Override
    public Check check() {
        return Check.DETAILS_DNS;
    }

    @Override
    public String scope() {
        return primary.name();
    }

    @Override
    public List<MeshCluster> needs() {
        return List.of(primary, remote);
    }

    @Override
    public CheckResult run() {
        String ns = context.expect().appNamespace();
        boolean inRemote = remote.client().services().inNamespace(ns).withName("details").get() != null;
        boolean inPrimary = primary.client().services().inNamespace(ns).withName("details").get() != null;
        if (!inRemote) {
            return skip("no Service " + ns + "/details in '" + remote.name()
                    + "', so nothing calls it across clusters yet (the run deploys its own copy in a namespace"
                    + " of its own; set " + Keys.DOCTOR_NAMESPACE + " to check your application's)");
        }
        if (inPrimary) {
            return pass("Service " + ns + "/details exists in '" + primary.name()
                    + "', so productpage's calls to details resolve; '" + remote.name() + "' serves it");
        }
        return fail("Service " + ns + "/details exists in '" + remote.name()
                + "' but not in '" + primary.name() + "'", "productpage resolves details by DNS in its own"
                + " cluster: create the Service details (port 9080, name http, selector app=details) without a"
                + " Deployment in namespace " + ns + " of '" + primary.name() + "', as bookinfo/primary.yaml does");
    }
}
