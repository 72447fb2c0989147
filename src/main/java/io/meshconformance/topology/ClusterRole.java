package io.meshconformance.topology;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a cluster is in an Istio primary-remote mesh. */
public enum ClusterRole {
    /** Runs istiod; the control plane of the mesh. */
    PRIMARY,
    /** Runs the Istio remote profile; its proxies are served by a primary's istiod. */
    REMOTE;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ClusterRole> fromYaml(String text) {
        return Arrays.stream(values()).filter(r -> r.yamlName().equals(text)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(ClusterRole::yamlName).collect(Collectors.joining(" | "));
    }
}
