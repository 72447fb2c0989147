package io.meshconformance.cluster;

import java.util.ArrayList;
import java.util.List;

import io.meshconformance.topology.ClusterSpec;

/**
 * The k3s server command for one cluster (flags: k3s-io/docs, CLI server flags; testcontainers-java modules/k3s K3sContainer). {@code K3sContainer.withCommand}
 * replaces its whole default command, so {@code server}, {@code --disable=traefik} and {@code --tls-san} are
 * restated here.
 */
public final class K3sServerArgs {

    private K3sServerArgs() {
    }

    /**
     * @param harnessHost the address the harness reaches the API server on (the mapped port's host); added to the
     *                    serving certificate. The node's own IP, which the other cluster uses, is in it by default.
     * @param cgroupV1    whether the kubelet must be allowed onto a cgroup v1 host ({@link KubeletCgroupV1})
     */
    public static List<String> render(ClusterSpec spec, String harnessHost, KubeletCgroupV1 cgroupV1) {
        List<String> args = new ArrayList<>();
        args.add("server");
        // traefik would claim ports 80/443 on the node through servicelb, which the Istio gateways need.
        // servicelb stays: LoadBalancer Services (the gateways) get the node IP as their address.
        args.add("--disable=traefik");
        args.add("--tls-san=" + harnessHost);
        args.add("--node-name=" + spec.name());
        args.add("--cluster-cidr=" + spec.podCidr().canonical());
        args.add("--service-cidr=" + spec.serviceCidr().canonical());
        args.add("--cluster-dns=" + spec.clusterDnsText());
        args.addAll(cgroupV1.args());
        return List.copyOf(args);
    }
}
