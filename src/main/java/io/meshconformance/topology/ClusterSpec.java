package io.meshconformance.topology;

import java.util.Objects;

/**
 * One cluster of the planned mesh, as written in the topology file.
 *
 * @param name        DNS-1123 label; becomes the Istio cluster id ({@code global.multiCluster.clusterName})
 *                    and the data key of the remote secret, which istiod requires to be equal (istio.io "Install Primary-Remote")
 * @param role        primary or remote
 * @param network     Istio network name ({@code global.network}, label {@code topology.istio.io/network})
 * @param podCidr     k3s {@code --cluster-cidr}
 * @param serviceCidr k3s {@code --service-cidr}
 * @param clusterDns  k3s {@code --cluster-dns}; must lie inside the service CIDR (k3s-io/docs, CLI server flags)
 */
public record ClusterSpec(String name, ClusterRole role, String network, Cidr podCidr, Cidr serviceCidr,
                          long clusterDns) {

    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(podCidr, "podCidr");
        Objects.requireNonNull(serviceCidr, "serviceCidr");
    }

    public String clusterDnsText() {
        return Cidr.Ipv4.format(clusterDns);
    }

    public boolean isPrimary() {
        return role == ClusterRole.PRIMARY;
    }
}
