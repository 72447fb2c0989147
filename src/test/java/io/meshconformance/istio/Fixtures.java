package io.meshconformance.istio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** istiod debug bodies from fixtures/istiod, served as an {@link IstiodDebug} would. */
final class Fixtures {

    private Fixtures() {
    }

    static String read(String name) {
        try {
            return Files.readString(Path.of("fixtures/istiod", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An istiod that answers each debug path with the named fixture. */
    static IstiodDebug istiod(Map<String, String> fixtureByPath) {
        return path -> {
            String fixture = fixtureByPath.get(path);
            if (fixture == null) {
                throw new IllegalStateException("no fixture for " + path);
            }
            return read(fixture);
        };
    }
}
