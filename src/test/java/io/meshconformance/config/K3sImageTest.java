package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Kubernetes version a k3s image's tag names, which a matrix cell's support is judged by. */
class K3sImageTest {

    @Test
    void theTagGivesTheKubernetesVersion() {
        K3sImage image = K3sImage.parse("rancher/k3s:v1.35.4-k3s1");
        assertEquals("1.35", image.kubernetesMinorText());
        assertEquals("1.35.4", image.kubernetesVersion());
        assertEquals(1, image.k3sRevision());
    }

    @Test
    void aMirrorsCopyAndADigestKeepTheTag() {
        assertEquals(32, K3sImage.parse("mirror.example.com:5000/rancher/k3s:v1.32.11-k3s3").kubernetesMinor());
        assertEquals(33, K3sImage.parse("rancher/k3s:v1.33.7-k3s1@sha256:" + "ab".repeat(32)).kubernetesMinor());
    }

    @Test
    void aTagWithoutTheReleaseIsRefusedWithTheForm() {
        for (String bad : new String[] {"rancher/k3s:latest", "rancher/k3s", "rancher/k3s:v1.35", "rancher/k3s:1.35.4"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> K3sImage.parse(bad), bad);
            assertTrue(e.getMessage().contains("vMAJOR.MINOR.PATCH-k3sN, e.g. rancher/k3s:v1.35.4-k3s1"),
                    e.getMessage());
        }
        IllegalArgumentException plus = assertThrows(IllegalArgumentException.class,
                () -> K3sImage.parse("rancher/k3s:v1.35.4+k3s1"));
        assertTrue(plus.getMessage().contains("a '+' in the k3s version is written '-'"), plus.getMessage());
    }
}
