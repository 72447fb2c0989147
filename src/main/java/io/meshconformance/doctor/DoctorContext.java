package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.lifecycle.RunId;

/**
 * What every check may read: the clusters, what the run will do itself, the run whose objects the doctor may find,
 * how to ask istiod, and which API servers answered.
 *
 * @param answered the names of the clusters whose check 'api' passed; a view the runner fills as those checks
 *                 finish, before any check that reads it
 */
record DoctorContext(MeshCluster primary, List<MeshCluster> remotes, PreflightDoctor.Expectations expect,
                     Optional<RunId> run, Supplier<IstiodDebug> istiod, Set<String> answered) {

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

    boolean answered(MeshCluster cluster) {
        return answered.contains(cluster.name());
    }

    /** Made by this run (a doctor on its own has no run, so nothing is its). */
    boolean ours(Map<String, String> labels) {
        return run.map(r -> r.owns(labels)).orElse(false);
    }
}
