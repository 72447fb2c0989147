package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Unit tier: fingerprints name certificates as openssl does, so a person can compare them with their own. */
class CertificateFingerprintsTest {

    /** Of "root-certificate-of-the-mesh", which HealthyMesh.ROOT_PEM holds ({@code printf %s ... | sha256sum}). */
    static final String ROOT = "D5:52:E0:91:46:5E:BA:A8:3F:FD:E6:E6:6B:3F:A0:46:4F:58:73:E3:D3:0B:45:91:2F:CB:72:F9"
            + ":24:23:99:30";
    /** Of "another-root-certificate". */
    static final String OTHER = "40:C9:9C:32:A2:DA:ED:CA:56:0D:DF:77:C6:2B:E2:3E:E6:18:26:56:F6:CA:A5:B9:BE:F7:01:1F"
            + ":08:88:A8:94";

    @Test
    void aCertificateIsNamedByTheSha256OfItsDerBytes() {
        assertEquals(List.of(ROOT), CertificateFingerprints.fingerprints(HealthyMesh.ROOT_PEM));
    }

    @Test
    void theBase64MayBeWrappedAsPemFilesWrapIt() {
        String wrapped = HealthyMesh.pem("cm9vdC1jZXJ0aWZp\nY2F0ZS1vZi10aGUt\r\nbWVzaA==");
        assertEquals(List.of(ROOT), CertificateFingerprints.fingerprints(wrapped));
    }

    @Test
    void aBundleIsNamedCertificateByCertificateInItsOrder() {
        assertEquals(List.of(OTHER, ROOT), CertificateFingerprints.fingerprints(HealthyMesh.OTHER_ROOT_PEM
                + HealthyMesh.ROOT_PEM));
    }

    @Test
    void textThatIsNotPemIsFingerprintedAsItIs() {
        // printf %s 'not a certificate' | sha256sum
        assertEquals(List.of("47:20:9C:9B:7A:F8:39:DE:69:E9:A9:CD:62:5E:91:82:C1:AD:63:DA:E7:9E:D8:8A:2D:D6:80:FE"
                + ":34:21:86:20"), CertificateFingerprints.fingerprints("not a certificate"));
    }

    @Test
    void aPemBodyThatIsNotBase64StillTellsTwoBodiesApart() {
        List<String> one = CertificateFingerprints.fingerprints(HealthyMesh.pem("not base64 at all!"));
        List<String> other = CertificateFingerprints.fingerprints(HealthyMesh.pem("not base64 either!"));
        assertEquals(1, one.size(), one.toString());
        assertNotEquals(one, other);
    }

    @Test
    void theShortFormKeepsTheFirstEightBytes() {
        assertEquals("D5:52:E0:91:46:5E:BA:A8:...", CertificateFingerprints.shortFingerprint(ROOT));
    }
}
