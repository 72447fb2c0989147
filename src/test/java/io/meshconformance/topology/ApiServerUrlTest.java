package io.meshconformance.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for an API server URL another cluster's pods (istiod) must use. */
class ApiServerUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://10.0.0.12:6443", "https://api.remote.example.com", "https://192.168.255.3:6443"})
    void aServerOnANetworkThePodsReachIsUsable(String server) {
        assertEquals(Optional.empty(), ApiServerUrl.problem(server));
        assertEquals(server, ApiServerUrl.parse(server).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:6443", "https://localhost:32771", "https://LOCALHOST:6443",
        "https://127.1.2.3:6443", "https://[::1]:6443", "https://0.0.0.0:6443", "https://kind.localhost:6443",
        // the same places spelled otherwise: what a resolver or a socket maps to loopback too
        "https://[::ffff:127.0.0.1]:6443", "https://[::ffff:7f00:1]:6443", "https://LOCALHOST.:6443",
        "https://localhost.:6443", "https://127.0.0.1.:6443", "https://0x7f.0.0.1:6443", "https://2130706433:6443",
        "https://0177.0.0.1:6443", "https://127.1:6443", "https://0x7f000001:6443", "https://[::]:6443",
        "https://[0:0:0:0:0:0:0:1]:6443", "https://[0::1]:6443", "https://[::ffff:0.0.0.0]:6443",
        "https://ip6-localhost:6443", "https://localhost.localdomain:6443", "https://0:6443",
        // names that wildcard DNS services (nip.io, sslip.io) resolve to the address they spell
        "https://127.0.0.1.nip.io:6443", "https://api.127.0.0.1.sslip.io:6443", "https://127-0-0-1.sslip.io:6443",
        "https://api-127-0-0-1.nip.io:6443", "https://0.0.0.0.nip.io:6443"})
    void loopbackIsRefusedWithTheFix(String server) {
        String problem = ApiServerUrl.problem(server).orElseThrow();
        assertTrue(problem.startsWith("points at loopback ('"), problem);
        assertTrue(problem.endsWith("e.g. https://<remote node IP>:6443"), problem);
        assertTrue(ApiServerUrl.pointsAtLoopback(server));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiServerUrl.parse(server));
        assertEquals(problem, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0x7f.0.0.1|127.0.0.1", "2130706433|127.0.0.1", "0177.0.0.1|127.0.0.1",
        "127.1|127.0.0.1", "0|0.0.0.0"})
    void aNumericLoopbackIsShownAsTheAddressItReadsAs(String host, String address) {
        assertTrue(ApiServerUrl.problem("https://" + host + ":6443").orElseThrow()
                .startsWith("points at loopback ('" + host + "' is " + address + "), which"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.12", "api.remote.example.com", "127.example.com", "my-127.example.com",
        "10.127.0.0", "[fd00::1]", "[::ffff:10.0.0.12]", "[fe80::1%25eth0]", "localhost-api.example.com",
        "127-0-0-1-api.example.com", "api.127.0.0.example.com", "0.0.0.1.example.com"})
    void hostsThatMerelyResembleLoopbackAreNotLoopback(String host) {
        assertFalse(ApiServerUrl.isLoopback(host), host);
        assertFalse(ApiServerUrl.pointsAtLoopback("https://" + host + ":6443"), host);
    }

    @Test
    void anEmptyOrMissingHostCountsAsLoopback() {
        assertTrue(ApiServerUrl.isLoopback(""));
        assertTrue(ApiServerUrl.isLoopback(null));
        assertTrue(ApiServerUrl.isLoopback("."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.12:6443", "ftp://10.0.0.12", "/just/a/path"})
    void anythingButAnHttpsUrlIsRefused(String server) {
        assertEquals(Optional.of("must be an https:// URL of the remote's API server as the primary's pods reach it,"
                + " e.g. https://<remote node IP>:6443"), ApiServerUrl.problem(server));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https:///path|it has no host after 'https://'",
        "https://u:pw@host:abc/|the port 'abc' is not a number from 1 to 65535",
        "https://host:abc|what follows the ':' after 'host' is not a port number from 1 to 65535 (not quoted: if it"
                + " is a password, an '@' and the host must follow it)",
        "https://user:p@ss@host:6443|it has more than one '@' before the host: write an '@' in the user name or"
                + " password as %40",
        "https://user:pa/ss@host:6443|a '/', '?' or '#' comes before the last '@', so the host cannot be told apart"
                + " from the user name and password: write those characters in them as %2F, %3F and %23",
        "https://my_host:6443|the host 'my_host' is not a host name (letters, digits and '-' in dot-separated"
                + " labels) nor an IP address",
        "https://host:99999|the port 99999 is not a number from 1 to 65535"})
    void anHttpsUrlWithoutAUsableHostSaysWhatIsMalformed(String server, String reason) {
        String problem = ApiServerUrl.problem(server).orElseThrow();
        assertEquals("is not a usable https:// URL: " + reason + "; write it like https://10.0.0.12:6443", problem);
        assertFalse(problem.contains("pw") || problem.contains("p@ss") || problem.contains("pa/ss"), problem);
    }

    @Test
    void anIpv4AddressInAFormGoDoesNotReadIsRefused() {
        assertEquals(Optional.of("has the host '010.0.0.12', an IPv4 address in a form Go's net.ParseIP does not"
                + " read (istiod would look it up as a name): write it as four decimal numbers without leading"
                + " zeros, e.g. https://10.0.0.12:6443"), ApiServerUrl.problem("https://010.0.0.12:6443"));
    }

    @Test
    void textThatIsNotAUrlIsSaidToBeSo() {
        assertEquals(Optional.of("is not a URL (illegal character in authority); write it like"
                + " https://10.0.0.12:6443"), ApiServerUrl.problem("https://a b:6443"));
        assertEquals(Optional.of("is not a URL (no https:// in front); write it like https://10.0.0.12:6443"),
                ApiServerUrl.problem("10.0.0.12:6443"), "a host and port without a scheme");
        assertFalse(ApiServerUrl.pointsAtLoopback("https://a b:6443"));
        assertThrows(IllegalArgumentException.class, () -> new ApiServerUrl(URI.create("https://localhost")));
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutBeingEchoed() {
        String password = "pw-" + Long.toHexString(System.nanoTime());
        for (String server : List.of("https://admin:" + password + "@10.0.0.12:6443", "https://10.0.0.12:6443/?token="
                + password, "https://" + password + "@10.0.0.12:6443")) {
            String problem = ApiServerUrl.problem(server).orElseThrow(() -> new AssertionError(server));
            assertTrue(problem.startsWith("carries a "), problem);
            assertTrue(problem.endsWith("write only https://host:port, e.g. https://10.0.0.12:6443"), problem);
            assertFalse(problem.contains(password), problem);
        }
    }

    @Test
    void aPasswordWrittenWithoutItsHostIsNotQuotedAsAPortAndPortZeroIsNoPort() {
        String problem = ApiServerUrl.problem("https://admin:hunter2secret/x").orElseThrow();
        assertFalse(problem.contains("hunter2secret"), problem);
        assertTrue(problem.contains("what follows the ':' after 'admin' is not a port number"), problem);
        assertTrue(ApiServerUrl.problem("https://10.0.0.12:0").orElseThrow().contains("the port 0 is not a number from"
                + " 1 to 65535"));
    }
}
