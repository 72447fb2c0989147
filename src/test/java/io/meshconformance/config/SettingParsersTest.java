package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each parser on its own: what it accepts, and the form its refusal names. */
class SettingParsersTest {

    static String refusal(Function<String, ?> parser, String text) {
        return assertThrows(IllegalArgumentException.class, () -> parser.apply(text)).getMessage();
    }

    @ParameterizedTest
    @CsvSource({"k3s, K3S", "K3s, K3S", "existing, EXISTING", "EXISTING, EXISTING"})
    void modeIgnoresCase(String text, Mode mode) {
        assertEquals(mode, SettingParsers.mode(text));
    }

    @Test
    void modeNamesBothChoices() {
        assertEquals("must be 'k3s' (two throwaway clusters in Docker) or 'existing' (your clusters, through"
                + " mesh.primary.kubeconfig and mesh.remote.kubeconfig)", refusal(SettingParsers::mode, "kind"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "rancher/k3s:v1.35.4-k3s1",
        "localhost:5000/rancher/k3s:v1.35.4-k3s1",
        "rancher/k3s@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "rancher/k3s:v1.35.4-k3s1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void aK3sImagePinnedByTagOrDigestIsKeptAsWritten(String image) {
        assertEquals(image, SettingParsers.k3sImage(image));
    }

    @Test
    void aPlusInTheK3sTagIsShownFixed() {
        assertEquals("has a '+' in its tag; k3s image tags write '+' as '-', e.g. mirror:5000/rancher/k3s:v1.34.1-k3s1",
                refusal(SettingParsers::k3sImage, "mirror:5000/rancher/k3s:v1.34.1+k3s1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rancher/k3s|has no tag; k3s publishes no maintained 'latest', so pin a release, e.g."
                + " rancher/k3s:v1.35.4-k3s1",
        "rancher/k3s:latest|uses the tag 'latest', which k3s does not maintain; pin a release, e.g."
                + " rancher/k3s:v1.35.4-k3s1",
        "rancher/K3S:v1|is not an image reference; write it as [registry/]repository:tag, e.g."
                + " rancher/k3s:v1.35.4-k3s1"})
    void anUnpinnedK3sImageIsRefusedWithAnExample(String image, String reason) {
        assertEquals(reason, refusal(SettingParsers::k3sImage, image));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.242.0/24", "10.0.0.0/8", "172.30.0.16/28"})
    void aCanonicalSubnetOfAtLeastSixteenAddressesIsTaken(String subnet) {
        assertEquals(subnet, SettingParsers.subnet(subnet).toString());
    }

    @Test
    void aSubnetWithHostBitsIsShownCanonical() {
        assertEquals("has host bits set; write 192.168.242.0/24", refusal(SettingParsers::subnet, "192.168.242.7/24"));
    }

    @Test
    void aSubnetSmallerThanSixteenAddressesIsRefused() {
        assertTrue(refusal(SettingParsers::subnet, "192.168.242.0/29").startsWith("is too small for the clusters'"
                + " Docker network; use a /28 or larger"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.24.0", "1.30.3", "v1.30.3", "2.0.0"})
    void istioFromTheRemoteProfileOnIsTaken(String version) {
        assertTrue(SettingParsers.istioVersion(version).isAtLeast(IstioVersion.MINIMUM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.23.9", "1.24.0-rc.0", "0.99.0"})
    void istioBeforeTheRemoteProfileIsRefused(String version) {
        assertEquals("is older than 1.24.0; the istiod chart has the remote profile this harness installs only from"
                + " 1.24 on: use e.g. 1.30.3", refusal(SettingParsers::istioVersion, version));
    }

    @ParameterizedTest
    @CsvSource({"docker.io/istio/, docker.io/istio", "localhost:5000/istio, localhost:5000/istio",
        "registry.istio.io/release, registry.istio.io/release", "mirror, mirror"})
    void aRegistryLosesItsTrailingSlash(String text, String registry) {
        assertEquals(registry, SettingParsers.registry(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://docker.io/istio", "docker.io/Istio", "docker.io//istio", "", "/"})
    void aRegistryWithASchemeOrBadPathIsRefused(String text) {
        assertTrue(refusal(SettingParsers::registry, text).startsWith("is not a registry and repository prefix;"
                + " write it without a scheme"));
    }

    @Test
    void tagsUpTo128CharactersAreTaken() {
        assertEquals("1.20.3-distroless", SettingParsers.tag("1.20.3-distroless"));
        String longest = "v" + "1".repeat(127);
        assertEquals(longest, SettingParsers.tag(longest));
        assertEquals("is not an image tag; e.g. 1.20.3", refusal(SettingParsers::tag, longest + "1"));
        assertEquals("is not an image tag; e.g. 1.20.3", refusal(SettingParsers::tag, ".1.20.3"));
        assertEquals("is not an image tag; e.g. 1.20.3", refusal(SettingParsers::tag, "1.20.3+b1"));
    }

    @Test
    void aMirrorIsAnHttpOrHttpsUrlWithAHost() {
        assertEquals("http://mirror:5000", SettingParsers.mirror("http://mirror:5000").toString());
        assertEquals("https://mirror.example.com", SettingParsers.mirror("https://mirror.example.com").toString());
        String form = "must be an http:// or https:// URL of a registry mirror, e.g. https://mirror.example.com:5000";
        assertEquals(form, refusal(SettingParsers::mirror, "oci://mirror:5000"));
        assertEquals(form, refusal(SettingParsers::mirror, "mirror.example.com:5000"));
        assertEquals("is not a URL (illegal character in authority); e.g. https://mirror.example.com:5000",
                refusal(SettingParsers::mirror, "https://mirror example"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https:///v2|is not a usable https:// URL: it has no host after 'https://'",
        "https://user:p@ss@host|is not a usable https:// URL: it has more than one '@' before the host: write an '@'"
                + " in the user name or password as %40",
        "https://u:pw@mirror:abc/|is not a usable https:// URL: the port 'abc' is not a number from 1 to 65535",
        "http://mirror:70000|is not a usable http:// URL: the port 70000 is not a number from 1 to 65535"})
    void aMalformedHttpsMirrorIsToldWhatIsMalformedNotThatItIsNotHttps(String text, String reason) {
        String refusal = refusal(SettingParsers::mirror, text);
        assertEquals(reason + "; e.g. https://mirror.example.com:5000", refusal);
        assertFalse(refusal.contains("p@ss") || refusal.contains("pw"), refusal);
    }

    @Test
    void theRemoteServerIsHeldToTheApiServerRule() {
        assertEquals("https://10.0.0.12:6443", SettingParsers.apiServer("https://10.0.0.12:6443").toString());
        assertTrue(refusal(SettingParsers::apiServer, "https://0.0.0.0:6443").startsWith("points at loopback"));
    }

    @Test
    void aBadSelectorNamesBothCommonGatewayLabels() {
        assertEquals(LabelSelector.of("istio", "ingress"), SettingParsers.labelSelector("istio=ingress"));
        assertTrue(refusal(SettingParsers::labelSelector, "istio").endsWith(", e.g. istio=ingressgateway (or"
                + " istio=ingress for a gateway installed as Helm release istio-ingress)"));
    }

    @Test
    void namespacesAreDnsLabels() {
        String longest = "a".repeat(63);
        assertEquals(longest, SettingParsers.namespace(longest));
        assertEquals("b", SettingParsers.namespace("b"));
        assertEquals("book-info-2", SettingParsers.namespace("book-info-2"));
        for (String bad : new String[] {longest + "a", "-bookinfo", "bookinfo-", "book.info", "Bookinfo"}) {
            assertEquals("is not a namespace name (lower case letters, digits and '-', at most 63 characters), e.g."
                    + " bookinfo", refusal(SettingParsers::namespace, bad), bad);
        }
    }

    @Test
    void aFileSettingMustBeAReadableRegularFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("topology.yaml"), "x");
        Function<String, Path> topology = text -> SettingParsers.file(text, TopologyLoader.FILE);
        assertEquals(file, topology.apply(file.toString()));
        assertEquals("is a directory, not a file; pass a topology YAML file, e.g. fixtures/topologies/default.yaml",
                refusal(topology, dir.toString()));
        String missing = refusal(topology, dir.resolve("nope").toString());
        assertEquals("does not exist (working directory " + Path.of("").toAbsolutePath() + "); pass a topology YAML"
                + " file, e.g. fixtures/topologies/default.yaml", missing);
    }

    @Test
    void anUnreadableFileIsNamedSo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "this user (root?) reads files whatever their permissions");
        assertTrue(refusal(SettingParsers::kubeconfig, file.toString()).startsWith("is not readable by this user ("));
    }

    @Test
    void thePreloadDirectoryMustBeADirectory(@TempDir Path dir) throws Exception {
        assertEquals(dir, SettingParsers.preloadDirectory(dir.toString()));
        Path file = Files.writeString(dir.resolve("images.tar"), "x");
        assertEquals("is not an existing directory (working directory " + Path.of("").toAbsolutePath() + "); give"
                + " the directory holding the image tarballs (docker save) to import, or leave mesh.images.preload"
                + " unset", refusal(SettingParsers::preloadDirectory, file.toString()));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "5, 5", "999, 999", "007, 7"})
    void successesFromOneTo999(String text, int successes) {
        assertEquals(successes, SettingParsers.successes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "000", "1000", "-1", "+5", "5.0", "five", ""})
    void otherSuccessCountsAreRefused(String text) {
        assertEquals("must be a whole number from 1 to 999: how many consecutive requests must show the book"
                + " details", refusal(SettingParsers::successes, text));
    }

    @Test
    void flagsAreTrueOrFalseInAnyCaseAndNothingElse() {
        assertTrue(SettingParsers.bool("TRUE"));
        assertTrue(SettingParsers.bool("true"));
        assertFalse(SettingParsers.bool("False"));
        for (String bad : new String[] {"yes", "1", "on", "no", "0"}) {
            assertEquals("must be 'true' or 'false'", refusal(SettingParsers::bool, bad), bad);
        }
    }
}
