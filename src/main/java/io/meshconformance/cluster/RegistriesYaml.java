package io.meshconformance.cluster;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code /etc/rancher/k3s/registries.yaml} (k3s-io/docs "Private Registry Configuration") so
 * that every image the clusters' pods pull (Istio, Bookinfo) comes through one mirror. The mirror URL's user-info,
 * if any, becomes the mirror's credentials; this text is written into the node and never logged.
 */
public final class RegistriesYaml {

    /** Registries the images of this harness come from (Istio charts' hub, Bookinfo samples, k3s system images). */
    static final List<String> REGISTRIES = List.of("docker.io", "registry.istio.io", "gcr.io", "quay.io",
            "registry.k8s.io", "ghcr.io");

    private RegistriesYaml() {
    }

    public static String render(URI mirror) {
        String endpoint = mirror.getScheme() + "://" + mirror.getHost()
                + (mirror.getPort() >= 0 ? ":" + mirror.getPort() : "")
                + (mirror.getPath() == null ? "" : mirror.getPath().replaceAll("/+$", ""));
        StringBuilder yaml = new StringBuilder("# Written by the harness from mesh.images.mirror\nmirrors:\n");
        // "*" is k3s's default entry for any registry not listed; the named ones are listed for older k3s.
        for (String registry : concat("*", REGISTRIES)) {
            yaml.append("  \"").append(registry).append("\":\n    endpoint:\n      - \"").append(endpoint).append("\"\n");
        }
        if (mirror.getRawUserInfo() != null) {
            String[] parts = mirror.getRawUserInfo().split(":", 2);
            yaml.append("configs:\n  \"").append(hostPort(mirror)).append("\":\n    auth:\n")
                    .append("      username: \"").append(escape(decode(parts[0]))).append("\"\n");
            if (parts.length > 1) {
                yaml.append("      password: \"").append(escape(decode(parts[1]))).append("\"\n");
            }
        }
        return yaml.toString();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
