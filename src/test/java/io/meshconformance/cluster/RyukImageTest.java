package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** When the harness checks Testcontainers' Ryuk image, which image that is, and what it tells the user. */
class RyukImageTest {

    @Test
    void ryukIsNeededUnlessTheVariableReadsAsTrueAsTestcontainersReadsIt() {
        assertTrue(RyukImage.needed(Map.of()), "unset: Testcontainers starts Ryuk");
        assertFalse(RyukImage.needed(Map.of("TESTCONTAINERS_RYUK_DISABLED", "true")));
        assertFalse(RyukImage.needed(Map.of("TESTCONTAINERS_RYUK_DISABLED", "TRUE")));
        assertTrue(RyukImage.needed(Map.of("TESTCONTAINERS_RYUK_DISABLED", "false")));
        // Boolean.parseBoolean, as Testcontainers reads it: these leave Ryuk on, so its image is needed.
        assertTrue(RyukImage.needed(Map.of("TESTCONTAINERS_RYUK_DISABLED", "1")));
        assertTrue(RyukImage.needed(Map.of("TESTCONTAINERS_RYUK_DISABLED", "yes")));
        Map<String, String> empty = new HashMap<>();
        empty.put("TESTCONTAINERS_RYUK_DISABLED", "");
        assertTrue(RyukImage.needed(empty));
    }

    @Test
    void theImageIsTheOneTheTestcontainersOnTheClasspathStarts() throws IOException {
        // RyukContainer is package-private; its image is a string constant in its class file.
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("org/testcontainers/utility/RyukContainer.class")) {
            assertNotNull(in, "Testcontainers' RyukContainer class is not on the classpath");
            String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher m = Pattern.compile("testcontainers/ryuk:[0-9A-Za-z._-]+").matcher(constants);
            assertTrue(m.find(), "no Ryuk image named in RyukContainer.class");
            assertEquals(m.group(), RyukImage.IMAGE, "Testcontainers starts another Ryuk image: update RyukImage.IMAGE");
        }
    }

    @Test
    void theMessageNamesTheImageWhyAndTheThreeRemedies() {
        ImageUnavailableException e = ImageUnavailableException.ryuk("testcontainers/ryuk:0.14.0",
                "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host");
        String m = e.getMessage();
        assertEquals("testcontainers/ryuk:0.14.0", e.image());
        assertTrue(m.startsWith("The image testcontainers/ryuk:0.14.0 is not on this Docker host and could not be"
                + " pulled: Get \"https://registry-1.docker.io/v2/\""), m);
        assertTrue(m.contains("Testcontainers starts it as Ryuk"), m);
        assertTrue(m.contains("nothing was started"), m);
        assertTrue(m.contains("1. pull it") && m.contains("docker pull testcontainers/ryuk:0.14.0")
                && m.contains("docker load -i ryuk.tar"), m);
        assertTrue(m.contains("2. mirror") && m.contains("TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX=<your-registry>/")
                && m.contains("hub.image.name.prefix"), m);
        assertTrue(m.contains("3. no Ryuk: set TESTCONTAINERS_RYUK_DISABLED=true"), m);
        assertTrue(m.contains("only a JVM killed outright"), "what turning Ryuk off costs: " + m);
        assertFalse(m.contains("mesh.k3s.image"), "the harness's k3s setting does not choose this image: " + m);
    }
}
