package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.lifecycle.RunId;

/**
 * What every check may read: the clusters, what the run will do itself, the run whose objects the doctor may find,
 * how to ask istiod, and which API servers answered.
 *
 * @param istiod   how to read the debug endpoints of the primary's istiod of a revision
 * @param answered the names of the clusters whose check 'api' passed; a view the runner fills as those checks
 *                 finish, before any check that reads it
 */
record DoctorContext(MeshCluster primary, List<MeshCluster> remotes, PreflightDoctor.Expectations expect,
                     Optional<RunId> run, Function<IstiodRevision, IstiodDebug> istiod,
                     Set<String> answered) {

    DoctorContext {
        remotes = List.copyOf(remotes);
    }

    /** The primary, then the remotes: the order of the per-cluster rows. */
    List<MeshCluster> all() {
        List<MeshCluster> all = new ArrayList<>();
        all.add(primary);
        all.addAll(remotes);
        return all;
    }

    /**
     * istiod's namespace: mesh.istio.namespace in the primary, and the namespace of that name in every remote, where
     * the remote profile must be (istio/istio 1.30.3 pilot/pkg/serviceregistry/kube/controller/multicluster.go
     * checkShouldLead reads the remote's namespace of istiod's own name).
     */
    String istioNamespace() {
        return expect.istioNamespace();
    }

    boolean answered(MeshCluster cluster) {
        return answered.contains(cluster.name());
    }

    /** Made by this run (a doctor on its own has no run, so nothing is its). */
    boolean ours(Map<String, String> labels) {
        return run.map(r -> r.owns(labels)).orElse(false);
    }
}
