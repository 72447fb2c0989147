package io.meshconformance.junit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import io.meshconformance.bookinfo.PageAccess;
import io.meshconformance.cluster.ClusterProvider;
import io.meshconformance.cluster.ClusterProviders;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.Mode;
import io.meshconformance.config.SettingSource;
import io.meshconformance.istio.ChartInstaller;
import io.meshconformance.istio.HelmInstaller;
import io.meshconformance.istio.IstiodLocator;
import io.meshconformance.istio.ProxyAdmin;
import io.meshconformance.lifecycle.RunId;

/**
 * What a run talks to: where its settings come from, who makes the clusters, who installs charts, how istiod's debug
 * endpoints and the product page are reached. {@link #real()} is the real thing (k3s or the user's clusters, Helm,
 * exec into istiod, a port-forward to the ingress gateway); the rehearsal tier gives stand-ins for each, by naming
 * its class in the JUnit configuration parameter {@value #PARAMETER}.
 */
public interface MeshEnvironment {

    /**
     * JUnit configuration parameter naming a class that implements this interface, with a public constructor taking
     * the configuration parameters ({@code Function<String, Optional<String>>}) or none. Unset: {@link #real()}.
     */
    String PARAMETER = "mesh.environment";

    default SettingSource settings() {
        return SettingSource.system();
    }

    ClusterProvider clusters(MeshSettings settings, RunId run);

    ChartInstaller charts(MeshSettings settings);

    IstiodLocator istiod();

    PageAccess pages();

    /** How a sidecar's Envoy admin API is read (the cross-network verdict reads productpage's). */
    default ProxyAdmin proxies() {
        return ProxyAdmin.EXEC;
    }

    /**
     * Where Allure results go, so the report's environment and categories land beside them: allure-jupiter's
     * directory (allure.properties, or the system property allure.results.directory).
     */
    default Path allureResults() {
        return Path.of(System.getProperty("allure.results.directory", "target/allure-results"));
    }

    /** Clusters in Docker (k3s mode), which the suite skips without an engine; a stand-in says it needs none. */
    default boolean needsDocker(MeshSettings settings) {
        return settings.mode() == Mode.K3S;
    }

    static MeshEnvironment real() {
        return new MeshEnvironment() {
            @Override
            public ClusterProvider clusters(MeshSettings settings, RunId run) {
                return ClusterProviders.of(settings, run);
            }

            @Override
            public ChartInstaller charts(MeshSettings settings) {
                return new HelmInstaller(settings.istioCharts(), settings.istioVersion(),
                        settings.results().resolve("helm"));
            }

            @Override
            public IstiodLocator istiod() {
                return IstiodLocator.EXEC;
            }

            @Override
            public PageAccess pages() {
                return PageAccess.PORT_FORWARD;
            }
        };
    }

    /** This environment, with settings from {@code source}. */
    default MeshEnvironment withSettings(SettingSource source) {
        return new Delegate(this, source, istiod(), allureResults());
    }

    /** This environment, with istiod's debug endpoints read through {@code locator} (API servers that cannot exec). */
    default MeshEnvironment withIstiod(IstiodLocator locator) {
        return new Delegate(this, settings(), locator, allureResults());
    }

    /** This environment, with the report's environment and categories written to {@code results}. */
    default MeshEnvironment withAllureResults(Path results) {
        return new Delegate(this, settings(), istiod(), results);
    }

    /**
     * The environment {@value #PARAMETER} names, or the real one when it names none. A class that cannot be made is
     * an error naming the parameter and what it needs.
     */
    static MeshEnvironment named(Function<String, Optional<String>> parameters) {
        Optional<String> name = parameters.apply(PARAMETER).map(String::strip).filter(s -> !s.isEmpty());
        if (name.isEmpty()) {
            return real();
        }
        try {
            Class<?> type = Class.forName(name.get(), true, Thread.currentThread().getContextClassLoader());
            if (!MeshEnvironment.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(PARAMETER + " = '" + name.get() + "' does not implement "
                        + MeshEnvironment.class.getName() + "; name a class that does, or unset the parameter to run"
                        + " against real clusters");
            }
            for (Constructor<?> constructor : type.getConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Function.class) {
                    return (MeshEnvironment) constructor.newInstance(parameters);
                }
            }
            return (MeshEnvironment) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(PARAMETER + " = '" + name.get() + "': no such class on the test"
                    + " classpath; unset the parameter to run against real clusters", e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException(PARAMETER + " = '" + name.get() + "' needs a public constructor taking"
                    + " the configuration parameters (Function<String, Optional<String>>) or none", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(PARAMETER + " = '" + name.get() + "' could not be made: "
                    + e.getCause(), e.getCause());
        }
    }

    /** Another environment with its settings, istiod reader and Allure results directory replaced. */
    final class Delegate implements MeshEnvironment {
        private final MeshEnvironment base;
        private final SettingSource source;
        private final IstiodLocator istiod;
        private final Path allureResults;

        private Delegate(MeshEnvironment base, SettingSource source, IstiodLocator istiod, Path allureResults) {
            this.base = base;
            this.source = source;
            this.istiod = istiod;
            this.allureResults = allureResults;
        }

        @Override
        public SettingSource settings() {
            return source;
        }

        @Override
        public ClusterProvider clusters(MeshSettings settings, RunId run) {
            return base.clusters(settings, run);
        }

        @Override
        public ChartInstaller charts(MeshSettings settings) {
            return base.charts(settings);
        }

        @Override
        public IstiodLocator istiod() {
            return istiod;
        }

        @Override
        public PageAccess pages() {
            return base.pages();
        }

        @Override
        public ProxyAdmin proxies() {
            return base.proxies();
        }

        @Override
        public boolean needsDocker(MeshSettings settings) {
            return base.needsDocker(settings);
        }

        @Override
        public Path allureResults() {
            return allureResults;
        }
    }
}
