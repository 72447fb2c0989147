package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** registries.yaml in the shape of k3s-io/docs "Private Registry Configuration". */
class RegistriesYamlTest {

    static JsonNode parse(String yaml) {
        return YAMLMapper.builder().build().readTree(yaml);
    }

    @Test
    void everyRegistryIsMirroredThroughTheOneEndpoint() {
        JsonNode yaml = parse(RegistriesYaml.render(URI.create("https://mirror.example.com:5000/")));
        JsonNode mirrors = yaml.get("mirrors");
        for (String registry : List.of("*", "docker.io", "registry.istio.io", "gcr.io")) {
            assertEquals("https://mirror.example.com:5000", mirrors.get(registry).get("endpoint").get(0).asString(),
                    registry);
        }
        assertTrue(yaml.get("configs") == null, "no credentials were given");
    }

    @Test
    void userInfoBecomesTheMirrorsAuthAndLeavesTheEndpoint() {
        String text = RegistriesYaml.render(URI.create("https://robot%40ci:p%22ss@mirror.example.com:5000"));
        JsonNode yaml = parse(text);
        assertEquals("https://mirror.example.com:5000", yaml.get("mirrors").get("docker.io").get("endpoint").get(0)
                .asString());
        JsonNode auth = yaml.get("configs").get("mirror.example.com:5000").get("auth");
        assertEquals(Map.of("username", "robot@ci", "password", "p\"ss"),
                Map.of("username", auth.get("username").asString(), "password", auth.get("password").asString()));
        assertFalse(text.contains("robot%40ci:"), "credentials are not left in the endpoint URL");
    }
}
