package io.meshconformance.junit;

import java.nio.file.Path;

import io.meshconformance.cluster.ExistingClusterProvider;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.Mode;
import io.meshconformance.diagnostics.ReportEnvironment;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the mesh for a test class: reads and logs the settings, validates the topology, writes the report's
 * environment, creates the {@link MeshRun} that tests receive as a parameter, and closes it after the class (the
 * clusters go, unless kept on failure). Register it with {@code @ExtendWith(MeshExtension.class)} together with
 * {@link RequiresDockerForK3s}.
 */
public final class MeshExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(MeshExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MeshExtension.class);
    private static final String KEY = "run";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        MeshSettings settings = MeshSettings.fromSystem();
        LOG.info("{}", settings.describe());
        settings.warnings().forEach(w -> LOG.warn("{}", w));
        settings.writeTo(settings.results());
        MeshTopology topology = TopologyLoader.load(settings.topology());
        if (settings.mode() == Mode.EXISTING) {
            // Both kubeconfigs and contexts are checked before the first stage, every problem at once.
            new ExistingClusterProvider(settings).check(topology);
        }
        ReportEnvironment.write(allureResults(), settings, topology);
        RunId run = RunId.generate();
        if (settings.mode() == Mode.EXISTING) {
            LOG.info("Run {}: existing clusters; Istio {}, remote attachment {}", run,
                    settings.installsIstio() ? "installed by the run (" + settings.istioVersion() + ")" : "verified",
                    settings.attachesRemote() ? "created by the run" : "verified");
        } else {
            LOG.info("Run {}: {} clusters, k3s {}, Istio {}", run, topology.clusters().size(), settings.k3sImage(),
                    settings.istioVersion());
        }
        context.getStore(NAMESPACE).put(KEY, new MeshRun(settings, topology, run));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        MeshRun run = context.getStore(NAMESPACE).remove(KEY, MeshRun.class);
        if (run != null) {
            run.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MeshRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MeshRun run = context.getStore(NAMESPACE).get(KEY, MeshRun.class);
        if (run == null) {
            throw new IllegalStateException("no mesh run: MeshExtension.beforeAll did not complete");
        }
        return run;
    }

    /** Where allure-jupiter writes (allure.properties), so the environment lands beside the results. */
    static Path allureResults() {
        return Path.of(System.getProperty("allure.results.directory", "target/allure-results"));
    }
}
