package io.meshconformance.text;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Evidence that carries no secret and must come out of redaction unchanged: pod names, UIDs, resourceVersions, image
 * digests, git hashes, certificate fingerprints, long class names, timestamps, addresses, events. Also the noise the
 * planting tests put around a secret.
 */
final class HarmlessText {

    private static final List<String> WORDS = List.of("Existing", "Cluster", "Provider", "Kubeconfig", "Narrowing",
            "Remote", "Secret", "Reconciler", "Endpoint", "Shard", "Registry", "Verdict", "Collector", "Stage",
            "Runner", "Factory", "Abstract", "Default", "Handler", "Http2", "Server", "Upgrade", "Codec", "Mesh",
            "Topology", "Loader", "Istiod", "Debug", "Parser", "Bookinfo", "Evidence", "Namespace");
    private static final List<String> APPS = List.of("details", "ratings", "reviews", "productpage", "istiod",
            "istio-ingressgateway", "istio-eastwestgateway");

    private final Random random;

    HarmlessText(Random random) {
        this.random = random;
    }

    String podName() {
        return APPS.get(random.nextInt(APPS.size())) + "-v" + (1 + random.nextInt(3)) + "-" + hex(5) + "-"
                + alnumLower(5);
    }

    String uid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    String digest() {
        return "sha256:" + hex(32);
    }

    String gitHash() {
        return hex(20);
    }

    String fingerprint() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }

    /** A long camel-case class name, qualified or not, nested or not. */
    String className() {
        StringBuilder simple = new StringBuilder();
        int words = 4 + random.nextInt(5);
        for (int i = 0; i < words; i++) {
            simple.append(WORDS.get(random.nextInt(WORDS.size())));
        }
        String name = random.nextBoolean() ? "io.meshconformance.cluster." + simple : simple.toString();
        return random.nextBoolean() ? name + "$" + WORDS.get(random.nextInt(WORDS.size())) : name;
    }

    /** One line of harmless evidence, of one of several kinds. */
    String line() {
        String time = "2026-11-" + (10 + random.nextInt(18)) + "T14:" + (10 + random.nextInt(50)) + ":0"
                + random.nextInt(10) + "." + random.nextInt(1_000_000) + "Z";
        return switch (random.nextInt(10)) {
            case 0 -> time + "\tinfo\tads\tpush to " + podName() + ".bookinfo resources:" + random.nextInt(30);
            case 1 -> "  Normal   Pulled     " + random.nextInt(60) + "s   kubelet  Successfully pulled image"
                    + " \"docker.io/istio/proxyv2@" + digest() + "\"";
            case 2 -> "  uid: " + uid();
            case 3 -> "  resourceVersion: \"" + random.nextInt(10_000_000) + "\"";
            case 4 -> "\tat " + className() + ".run(" + WORDS.get(random.nextInt(WORDS.size())) + ".java:"
                    + random.nextInt(400) + ")";
            case 5 -> "commit " + gitHash() + " (HEAD -> main)";
            case 6 -> "  SHA1 Fingerprint=" + fingerprint();
            case 7 -> podName() + "   2/2   Running   " + random.nextInt(5) + "   " + random.nextInt(90) + "m   10.42."
                    + random.nextInt(256) + "." + random.nextInt(256) + "   remote-server-0";
            case 8 -> time + " warn envoy config StreamAggregatedResources gRPC config stream to"
                    + " istiod.istio-system.svc:15012 closed since " + random.nextInt(3000) + "s ago: 14";
            default -> "Warning  FailedMount  MountVolume.SetUp failed for volume \"istio-token\" : failed to fetch"
                    + " token: serviceaccounts \"bookinfo-" + APPS.get(random.nextInt(4)) + "\" not found";
        };
    }

    /** {@code count} harmless lines, each ending with a line break. */
    String lines(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(line()).append('\n');
        }
        return out.toString();
    }

    /** A pod's metadata and status as kubectl prints them, with every kind of harmless identifier. */
    String podYaml() {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: bookinfo
                  uid: %s
                  resourceVersion: "%d"
                  annotations:
                    sidecar.istio.io/status: '{"initContainers":["istio-init"],"containers":["istio-proxy"]}'
                spec:
                  containers:
                  - name: istio-proxy
                    image: docker.io/istio/proxyv2@%s
                    args: ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local"]
                    env:
                    - name: ISTIO_META_CLUSTER_ID
                      value: remote
                status:
                  containerStatuses:
                  - imageID: docker.io/istio/proxyv2@%s
                    containerID: containerd://%s
                """.formatted(podName(), uid(), random.nextInt(10_000_000), digest(), digest(), hex(32));
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private String alnumLower(int length) {
        String chars = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(chars.charAt(random.nextInt(chars.length())));
        }
        return out.toString();
    }
}
