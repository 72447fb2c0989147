package io.meshconformance.topology;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The URL of a cluster's API server as another cluster's pods reach it: istiod in the primary reads a remote
 * through it (the server of the remote secret's kubeconfig; istio/istio {@code pkg/kube/multicluster}). The one home
 * of the rule every setting, kubeconfig and secret is held to: {@code https}, a host, and never loopback, which in
 * istiod's pod is the pod itself ({@code istioctl create-remote-secret} only warns about it, and it is the most
 * common failure with Docker-based clusters, whose kubeconfigs point at a port mapped on the host).
 */
public record ApiServerUrl(URI uri) {

    public ApiServerUrl {
        String text = uri.toString();
        problem(text).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    /** Parses {@code text}; the exception's message says what is wrong and ends with the fix. */
    public static ApiServerUrl parse(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return new ApiServerUrl(URI.create(text));
    }

    /**
     * Why istiod's pod could not use {@code text} as another cluster's API server, in words that end with the fix;
     * empty when it can.
     */
    public static Optional<String> problem(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.of("is not a URL; write it like https://10.0.0.12:6443");
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            return Optional.of("must be an https:// URL of the remote's API server as the primary's pods reach it,"
                    + " e.g. https://<remote node IP>:6443");
        }
        if (isLoopback(uri.getHost())) {
            return Optional.of("points at loopback ('" + uri.getHost() + "'), which in istiod's pod is the pod itself;"
                    + " give the remote API server's address on a network the primary's pods reach, e.g."
                    + " https://<remote node IP>:6443");
        }
        return Optional.empty();
    }

    /** True for hosts that mean "this machine" (or nothing) to whoever connects: useless to another pod. */
    public static boolean isLoopback(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("[::1]")
                || h.equals("::1") || h.equals("0.0.0.0") || h.isEmpty();
    }

    /** Whether the URL {@code text} names a loopback host; false for text that is not a URL. */
    public static boolean pointsAtLoopback(String text) {
        try {
            return isLoopback(URI.create(text).getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
