package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.meshconformance.bookinfo.PageAccess;
import io.meshconformance.cluster.ClusterProvider;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.SettingSource;
import io.meshconformance.istio.ChartInstaller;
import io.meshconformance.istio.IstiodLocator;
import io.meshconformance.lifecycle.RunId;
import org.junit.jupiter.api.Test;

/** How the extension finds the environment of a run from the JUnit parameter mesh.environment. */
class MeshEnvironmentTest {

    /**
     * Plays an environment a user names with mesh.environment (as the rehearsal's is named): it only keeps the
     * parameters it was made with, for the test to see; its clusters and charts are never asked for.
     */
    public static final class Named implements MeshEnvironment {
        final Function<String, Optional<String>> parameters;

        public Named(Function<String, Optional<String>> parameters) {
            this.parameters = parameters;
        }

        @Override
        public ClusterProvider clusters(MeshSettings settings, RunId run) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChartInstaller charts(MeshSettings settings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public IstiodLocator istiod() {
            return IstiodLocator.EXEC;
        }

        @Override
        public PageAccess pages() {
            return PageAccess.PORT_FORWARD;
        }
    }

    static Function<String, Optional<String>> parameters(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    @Test
    void noParameterIsTheRealEnvironment() {
        MeshEnvironment environment = MeshEnvironment.named(parameters(Map.of()));
        assertSame(IstiodLocator.EXEC, environment.istiod());
        assertSame(PageAccess.PORT_FORWARD, environment.pages());
        assertTrue(environment.needsDocker(MeshSettings.from(SettingSource.of(Map.of(), Map.of()))),
                "k3s mode needs Docker");
    }

    @Test
    void aNamedClassIsMadeWithTheParameters() {
        Map<String, String> values = Map.of(MeshEnvironment.PARAMETER, Named.class.getName(), "x", "y");
        MeshEnvironment environment = MeshEnvironment.named(parameters(values));
        assertEquals(Optional.of("y"), ((Named) environment).parameters.apply("x"));
    }

    @Test
    void aClassThatCannotBeUsedIsNamedWithTheParameter() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> MeshEnvironment.named(
                parameters(Map.of(MeshEnvironment.PARAMETER, "com.example.Nowhere"))));
        assertEquals("mesh.environment = 'com.example.Nowhere': no such class on the test classpath; unset the"
                + " parameter to run against real clusters", missing.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> MeshEnvironment.named(
                parameters(Map.of(MeshEnvironment.PARAMETER, String.class.getName()))));
        assertEquals("mesh.environment = 'java.lang.String' does not implement io.meshconformance.junit"
                + ".MeshEnvironment; name a class that does, or unset the parameter to run against real clusters",
                wrong.getMessage());
    }
}
