package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The support table a matrix cell's expectation comes from: both ends of a range, outside it, and beyond the table. */
class IstioSupportTest {

    private static IstioSupport.Expected expected(String istio, int kubernetesMinor) {
        return IstioSupport.expected(IstioVersion.parse(istio), 1, kubernetesMinor);
    }

    @Test
    void bothEndsOfTheRangeAreSupported() {
        assertEquals(IstioSupport.Status.SUPPORTED, expected("1.30.3", 32).status());
        assertEquals(IstioSupport.Status.SUPPORTED, expected("1.30.0", 36).status());
        assertEquals("Istio 1.30 supports Kubernetes 1.32 to 1.36", expected("1.30.3", 35).why());
    }

    @Test
    void outsideTheRangeIsUnsupportedAndNotRunByDefault() {
        IstioSupport.Expected below = expected("1.30.3", 31);
        assertEquals(IstioSupport.Status.UNSUPPORTED, below.status());
        assertEquals("Istio 1.30 supports Kubernetes 1.32 to 1.36, not 1.31", below.why());
        assertFalse(below.runsByDefault());
        assertEquals(IstioSupport.Status.UNSUPPORTED, expected("1.28.10", 35).status());
        assertEquals(IstioSupport.Status.UNSUPPORTED,
                IstioSupport.expected(IstioVersion.parse("1.30.3"), 2, 35).status(), "Kubernetes 2.x");
    }

    @Test
    void aMinorNotInTheTableIsUnknownRunAndNamesTheSource() {
        IstioSupport.Expected unknown = expected("1.31.0", 35);
        assertEquals(IstioSupport.Status.UNKNOWN, unknown.status());
        assertTrue(unknown.runsByDefault());
        assertTrue(unknown.why().startsWith("Istio 1.31 is not in the support table (as of " + IstioSupport.AS_OF
                + ": Istio 1.24 to 1.30)"), unknown.why());
        assertTrue(unknown.why().contains(IstioSupport.SOURCE), unknown.why());
    }

    @Test
    void theDefaultsAreASupportedPair() {
        K3sImage k3s = K3sImage.parse(MeshSettings.DEFAULT_K3S_IMAGE);
        assertEquals(IstioSupport.Status.SUPPORTED, IstioSupport.expected(
                IstioVersion.parse(MeshSettings.DEFAULT_ISTIO_VERSION), k3s.kubernetesMajor(), k3s.kubernetesMinor())
                .status());
    }
}
