package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Settings malformed beyond a typo, read the whole way through {@link MeshSettings#from}: each is refused with the
 * key, what is wrong and the fix, and a password in a value is never repeated.
 */
class MalformedSettingsTest {

    static String refusal(String key, String value) {
        return assertThrows(InvalidSettingsException.class,
                () -> MeshSettings.from(SettingSource.of(Map.of(key, value), Map.of()))).getMessage();
    }

    @Test
    void aMirrorWithAnAtInItsPasswordIsToldSoWithoutItsHost() {
        String message = refusal(Keys.IMAGES_MIRROR, "https://user:p@ss@host");
        assertTrue(message.contains("is not a usable https:// URL: it has more than one '@' before the host"),
                message);
        assertFalse(message.contains("not an http"), message);
    }

    @Test
    void aRemoteServerWithABadPortNamesThePort() {
        String message = refusal(Keys.REMOTE_SERVER, "https://u:pw@host:abc/");
        assertTrue(message.contains("is not a usable https:// URL: the port 'abc' is not a number from 1 to 65535;"
                + " write it like https://10.0.0.12:6443"), message);
    }

    @Test
    void thePasswordOfAMalformedMirrorIsNotRepeated() {
        String message = refusal(Keys.IMAGES_MIRROR, "https://user:p@ss@host");
        assertFalse(message.contains("p@ss"), message);
        assertFalse(message.contains("user:p"), message);
    }

    @Test
    void thePasswordOfAMalformedRemoteServerIsNotRepeated() {
        String message = refusal(Keys.REMOTE_SERVER, "https://u:pw@host:abc/");
        assertFalse(message.contains("u:pw"), message);
    }

    @Test
    void aMalformedChartRepositoryIsToldWhatIsMalformed() {
        String message = refusal(Keys.ISTIO_CHARTS, "https://charts.example.com:port/charts");
        assertTrue(message.contains("is not a usable https:// URL: what follows the ':' after 'charts.example.com' is not a port number from"
                + " 1 to 65535"),
                message);
    }

    @Test
    void anEndlessTimeoutNamesTheKeyTheValueAndTheBound() {
        String message = refusal("mesh.timeout.istio", "9999999999999999h");
        assertTrue(message.contains("mesh.timeout.istio = '9999999999999999h' (from -Dmesh.timeout.istio) is longer"
                + " than 24h, the most a wait of this harness can be given"), message);
        assertTrue(refusal("mesh.timeout.attach", "3000000h").contains("mesh.timeout.attach = '3000000h'"));
    }
}
