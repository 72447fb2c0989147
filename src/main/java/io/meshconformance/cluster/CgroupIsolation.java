package io.meshconformance.cluster;

import java.util.ArrayList;
import java.util.List;

import com.github.dockerjava.api.model.Bind;
import org.testcontainers.containers.GenericContainer;

/**
 * Gives a node container a private cgroup namespace and removes the host {@code /sys/fs/cgroup} bind.
 *
 * <p>Why: Testcontainers' {@code K3sContainer} runs k3s with cgroupns {@code host} and the host's
 * {@code /sys/fs/cgroup} mounted (testcontainers-java modules/k3s K3sContainer). Two such clusters on one host then have two kubelets managing one
 * {@code /kubepods} tree, and each kubelet removes the pod cgroups it does not know as orphans: the clusters kill
 * each other's pods. In a private cgroup namespace each kubelet's {@code /kubepods} lies inside its own container's
 * cgroup. This is how k3d and the k3s documentation run k3s in Docker (neither shares the host's cgroup namespace),
 * and k3s moves itself into a child cgroup on cgroup v2 so that nesting works there too. The alternative, a
 * distinct kubelet {@code cgroup-root} per cluster, needs the cgroup to exist before the kubelet starts.
 */
public final class CgroupIsolation {

    static final String CGROUP_FS = "/sys/fs/cgroup";

    private CgroupIsolation() {
    }

    public static <T extends GenericContainer<?>> T apply(T container) {
        List<Bind> kept = new ArrayList<>();
        for (Bind bind : container.getBinds()) {
            if (!CGROUP_FS.equals(bind.getVolume().getPath())) {
                kept.add(bind);
            }
        }
        container.setBinds(kept);
        // Runs after the modifiers K3sContainer registered in its constructor, so this mode wins.
        container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withCgroupnsMode("private"));
        return container;
    }
}
