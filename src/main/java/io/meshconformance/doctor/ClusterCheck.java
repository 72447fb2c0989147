package io.meshconformance.doctor;

import java.util.List;

import io.meshconformance.cluster.MeshCluster;

/** A check about one cluster, which must have answered before the check can look: its id and scope, once. */
abstract class ClusterCheck implements DoctorCheck {

    private final Check check;
    private final MeshCluster cluster;

    ClusterCheck(Check check, MeshCluster cluster) {
        this.check = check;
        this.cluster = cluster;
    }

    @Override
    public final Check check() {
        return check;
    }

    @Override
    public final String scope() {
        return cluster.name();
    }

    @Override
    public final List<MeshCluster> needs() {
        return List.of(cluster);
    }

    /** The cluster this check looks at. */
    MeshCluster cluster() {
        return cluster;
    }
}
