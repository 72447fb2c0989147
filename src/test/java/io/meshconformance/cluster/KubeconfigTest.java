package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubeconfigs read as kubectl reads them, and narrowed so that no other credential of the file travels on. */
class KubeconfigTest {

    @TempDir
    Path dir;

    Kubeconfig twoContexts() throws Exception {
        Map<String, String> servers = new LinkedHashMap<>();
        servers.put("prod", "https://10.0.0.1:6443");
        servers.put("staging", "https://10.0.0.2:6443");
        return Kubeconfig.parse(Files.readString(Kubeconfigs.write(dir, "k.yaml", servers, "staging")));
    }

    @Test
    void contextsTheCurrentOneAndEachContextsServer() throws Exception {
        Kubeconfig kubeconfig = twoContexts();
        assertEquals(List.of("prod", "staging"), kubeconfig.contextNames());
        assertEquals(Optional.of("staging"), kubeconfig.currentContext());
        assertTrue(kubeconfig.hasContext("prod"));
        assertFalse(kubeconfig.hasContext("dev"));
        assertEquals(Optional.of("prod"), kubeconfig.clusterOf("prod"));
        assertEquals(Optional.of("https://10.0.0.1:6443"), kubeconfig.server("prod"));
        assertEquals(Optional.empty(), kubeconfig.server("dev"));
        assertEquals(Optional.of("https://10.0.0.1:6443"), kubeconfig.firstServer());
        assertEquals(2, kubeconfig.users().size());
    }

    @Test
    void narrowedToOneContextItHoldsOnlyThatContextsClusterAndUser() throws Exception {
        Kubeconfig narrowed = twoContexts().narrowedTo("prod");
        assertEquals(List.of("prod"), narrowed.contextNames());
        assertEquals(Optional.of("prod"), narrowed.currentContext());
        assertEquals(Optional.of("https://10.0.0.1:6443"), narrowed.server("prod"));
        assertEquals(1, narrowed.users().size());
        assertFalse(narrowed.yaml().contains("10.0.0.2"), narrowed.yaml());
        Kubeconfig original = twoContexts();
        original.narrowedTo("prod");
        assertEquals(List.of("prod", "staging"), original.contextNames(), "narrowing leaves the original whole");
        assertThrows(IllegalArgumentException.class, () -> original.narrowedTo("dev"));
    }

    @Test
    void textThatIsNotAKubeconfigIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kubeconfig.parse("token: " + Kubeconfigs.FAKE_TOKEN + "\n: : [not yaml\n"));
        assertFalse(e.getMessage().contains(Kubeconfigs.FAKE_TOKEN), e.getMessage());
    }

    @Test
    void neverShowsItsContentAsText() throws Exception {
        assertEquals("Kubeconfig[prod, staging]", twoContexts().toString());
    }

    @Test
    void aFileTooLargeOrNestedTooDeepIsRefusedInWordsNotWithAStackOverflow() throws Exception {
        Path large = dir.resolve("large.yaml");
        Files.writeString(large, "apiVersion: v1\nkind: Config\npreferences: {}\n# " + "x".repeat(Kubeconfig.MAX_BYTES));
        IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class, () -> Kubeconfig.read(large));
        assertTrue(tooLarge.getMessage().contains("more than the 1 MiB"), tooLarge.getMessage());
        String deep = "apiVersion: v1\nkind: Config\nclusters: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class, () -> Kubeconfig.parse(deep));
        assertEquals("its YAML is nested thousands of levels deep, which no kubeconfig is", nested.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kubeconfig.read(dir));
    }
}
