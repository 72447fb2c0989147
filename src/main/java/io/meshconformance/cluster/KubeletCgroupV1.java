package io.meshconformance.cluster;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the k3s nodes' kubelet must be told to run on a cgroup v1 host. From Kubernetes 1.35 the kubelet's
 * {@code failCgroupV1} defaults to true and it refuses to start on cgroup v1 (KEP-5573,
 * kubernetes/enhancements keps/sig-node/5573-cgroup-v1-unsupported); {@code --kubelet-arg=fail-cgroupv1=false}
 * (k3s docs, CLI server flags: {@code --kubelet-arg}) lets it start. A k3s container sees the Docker host's
 * cgroup version, so the host decides. The flag is passed only when needed: older kubelets start on cgroup v1
 * without it, and cgroup v2 hosts (GitHub's Ubuntu runners) never need it.
 *
 * @param pass   whether the argument goes on the k3s command line
 * @param reason why, in a sentence for the log and the report's environment
 */
public record KubeletCgroupV1(boolean pass, String reason) {

    static final String ARG = "--kubelet-arg=fail-cgroupv1=false";
    /** The first Kubernetes minor whose kubelet refuses cgroup v1 by default. */
    static final int REFUSING_MINOR = 35;

    /** {@code v1.35.4-k3s1}, {@code v1.35.4}, {@code 1.35}: the Kubernetes major and minor a k3s tag starts with. */
    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:[.\\-+].*)?$");

    /**
     * @param image         the k3s image, e.g. {@code rancher/k3s:v1.35.4-k3s1}
     * @param cgroupVersion what the Docker engine reports as its cgroup version ({@code docker info}
     *                      {@code CgroupVersion}: "1" or "2"); null or blank when the engine does not say
     */
    public static KubeletCgroupV1 decide(String image, String cgroupVersion) {
        String host = cgroupVersion == null ? "" : cgroupVersion.strip();
        if ("2".equals(host)) {
            return new KubeletCgroupV1(false, "cgroup v2 Docker host: the kubelet's cgroup v1 refusal does not apply,"
                    + " " + ARG + " not passed");
        }
        // Engines before Docker 20.10 report no cgroup version; they only support cgroup v1.
        String v1 = host.isEmpty() ? "Docker host that reports no cgroup version (taken as cgroup v1)"
                : "cgroup v" + host + " Docker host";
        Optional<int[]> version = kubernetesVersion(image);
        if (version.isEmpty()) {
            return new KubeletCgroupV1(true, v1 + " and a k3s image whose tag names no Kubernetes version (" + image
                    + "): " + ARG + " passed in case it is Kubernetes 1.35 or later; a kubelet older than 1.31 does"
                    + " not know the flag and stops, so pin a tag such as rancher/k3s:v1.35.4-k3s1");
        }
        int major = version.get()[0];
        int minor = version.get()[1];
        String k8s = "Kubernetes " + major + "." + minor + " (" + image + ")";
        if (major > 1 || minor >= REFUSING_MINOR) {
            return new KubeletCgroupV1(true, v1 + " and " + k8s + ": from 1.35 the kubelet refuses cgroup v1 unless"
                    + " failCgroupV1=false (KEP-5573), so " + ARG + " is passed");
        }
        return new KubeletCgroupV1(false, v1 + " and " + k8s + ": a kubelet before 1.35 runs on cgroup v1 by"
                + " default, " + ARG + " not passed");
    }

    /** The major and minor from the image's tag, if its tag starts with a version. */
    static Optional<int[]> kubernetesVersion(String image) {
        String reference = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String last = reference.substring(reference.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(last.substring(colon + 1));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** What goes on the k3s server command line. */
    public List<String> args() {
        return pass ? List.of(ARG) : List.of();
    }

    /** For the report's environment: the decision and its reason. */
    public String describe() {
        return (pass ? ARG : "no fail-cgroupv1 argument") + ": " + reason;
    }
}
