package io.meshconformance.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.Cidr;
import org.testcontainers.containers.Network;

/**
 * The Docker network the cluster nodes share, created with an explicit subnet (see {@link SubnetPlanner}) and
 * labelled with the run. Created and removed by the harness itself, so nothing depends on Ryuk.
 */
public final class ClusterNetwork implements Network {

    private final DockerClient docker;
    private final String name;
    private final String id;
    private final Cidr subnet;

    private ClusterNetwork(DockerClient docker, String name, String id, Cidr subnet) {
        this.docker = docker;
        this.name = name;
        this.id = id;
        this.subnet = subnet;
    }

    /**
     * @param reapWithJvm also label the network as Testcontainers labels its containers, so that Ryuk, or without
     *                    Ryuk Testcontainers' JVM shutdown hook, removes it if this JVM dies before its own cleanup;
     *                    false when the clusters are to be kept on failure
     * @param more        labels beside the run's (a kept mesh's fingerprint)
     */
    public static ClusterNetwork create(DockerClient docker, RunId run, Cidr subnet, boolean reapWithJvm,
                                        Map<String, String> more) {
        String name = run.name("net");
        Map<String, String> labels = new HashMap<>(run.labels());
        labels.putAll(more);
        if (reapWithJvm) {
            labels.putAll(org.testcontainers.DockerClientFactory.DEFAULT_LABELS);
            labels.putAll(org.testcontainers.utility.ResourceReaper.instance().getLabels());
        }
        var ipam = new com.github.dockerjava.api.model.Network.Ipam()
                .withConfig(new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(subnet.toString()));
        String id = docker.createNetworkCmd()
                .withName(name)
                .withDriver("bridge")
                .withIpam(ipam)
                .withLabels(labels)
                .exec()
                .getId();
        return new ClusterNetwork(docker, name, id, subnet);
    }

    /** Subnets of every IPv4 Docker network on this host, for {@link SubnetPlanner}. */
    public static List<Cidr> subnetsInUse(DockerClient docker) {
        List<Cidr> subnets = new ArrayList<>();
        for (var network : docker.listNetworksCmd().exec()) {
            if (network.getIpam() == null || network.getIpam().getConfig() == null) {
                continue;
            }
            for (var config : network.getIpam().getConfig()) {
                String subnet = config.getSubnet();
                if (subnet != null && !subnet.contains(":")) {
                    subnets.add(Cidr.parse(subnet));
                }
            }
        }
        return subnets;
    }

    public String name() {
        return name;
    }

    public Cidr subnet() {
        return subnet;
    }

    @Override
    public String getId() {
        return id;
    }

    /** Removes the network; removing one that is already gone is not an error. */
    @Override
    public void close() {
        try {
            docker.removeNetworkCmd(id).exec();
        } catch (NotFoundException e) {
            // already removed
        }
    }
}
