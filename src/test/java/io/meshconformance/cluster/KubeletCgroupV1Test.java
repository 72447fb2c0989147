package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** When the k3s command carries {@code --kubelet-arg=fail-cgroupv1=false}: the decision table. */
class KubeletCgroupV1Test {

    @ParameterizedTest(name = "{0} on cgroup ''{1}'': {2}")
    @CsvSource(nullValues = "null", value = {
            // cgroup v1 host: only Kubernetes 1.35 and later need it
            "rancher/k3s:v1.35.4-k3s1, 1, true",
            "rancher/k3s:v1.37.1-k3s1, 1, true",
            "rancher/k3s:v2.0.0-k3s1, 1, true",
            "registry.example.com:5000/mirror/rancher/k3s:v1.35.4-k3s1, 1, true",
            "rancher/k3s:v1.35.4-k3s1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, 1, true",
            "rancher/k3s:v1.34.9-k3s1, 1, false",
            "rancher/k3s:v1.32.11-k3s1, 1, false",
            "registry.example.com:5000/rancher/k3s:v1.33.7-k3s1, 1, false",
            // an engine that reports no cgroup version predates cgroup v2 support: v1
            "rancher/k3s:v1.35.4-k3s1, null, true",
            "rancher/k3s:v1.35.4-k3s1, '', true",
            "rancher/k3s:v1.34.9-k3s1, null, false",
            // unknown Kubernetes version on cgroup v1: passed, and the reason says so
            "rancher/k3s:stable, 1, true",
            "rancher/k3s, 1, true",
            "registry.example.com:5000/rancher/k3s, 1, true",
            "rancher/k3s@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, 1, true",
            // cgroup v2 host: never
            "rancher/k3s:v1.35.4-k3s1, 2, false",
            "rancher/k3s:v1.37.1-k3s1, 2, false",
            "rancher/k3s:stable, 2, false",
    })
    void passedExactlyOnCgroupV1WithKubernetes135OrLater(String image, String cgroupVersion, boolean pass) {
        KubeletCgroupV1 decision = KubeletCgroupV1.decide(image, cgroupVersion);
        assertEquals(pass, decision.pass(), decision.reason());
        assertEquals(pass ? List.of("--kubelet-arg=fail-cgroupv1=false") : List.of(), decision.args());
    }

    @Test
    void theReasonNamesTheHostTheVersionAndTheSource() {
        String needed = KubeletCgroupV1.decide("rancher/k3s:v1.35.4-k3s1", "1").reason();
        assertTrue(needed.startsWith("cgroup v1 Docker host and Kubernetes 1.35 (rancher/k3s:v1.35.4-k3s1)"), needed);
        assertTrue(needed.contains("KEP-5573"), needed);
        String older = KubeletCgroupV1.decide("rancher/k3s:v1.34.9-k3s1", "1").reason();
        assertTrue(older.contains("Kubernetes 1.34") && older.contains("not passed"), older);
        String v2 = KubeletCgroupV1.decide("rancher/k3s:v1.35.4-k3s1", "2").reason();
        assertTrue(v2.startsWith("cgroup v2 Docker host") && v2.contains("not passed"), v2);
        String unknownEngine = KubeletCgroupV1.decide("rancher/k3s:v1.35.4-k3s1", null).reason();
        assertTrue(unknownEngine.contains("reports no cgroup version (taken as cgroup v1)"), unknownEngine);
    }

    @Test
    void anUnparseableTagIsSaidToBeAGuess() {
        KubeletCgroupV1 d = KubeletCgroupV1.decide("rancher/k3s:stable", "1");
        assertTrue(d.reason().contains("whose tag names no Kubernetes version (rancher/k3s:stable)"), d.reason());
        assertTrue(d.reason().contains("in case it is Kubernetes 1.35 or later"), d.reason());
        assertTrue(d.reason().contains("pin a tag such as rancher/k3s:v1.35.4-k3s1"), d.reason());
        assertTrue(d.describe().startsWith("--kubelet-arg=fail-cgroupv1=false: "), d.describe());
        assertFalse(KubeletCgroupV1.decide("rancher/k3s:stable", "2").describe().startsWith("--kubelet-arg"));
    }
}
