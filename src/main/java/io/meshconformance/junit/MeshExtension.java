package io.meshconformance.junit;

import java.util.stream.Collectors;

import io.meshconformance.cluster.ClusterProvider;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.SettingSource;
import io.meshconformance.diagnostics.ReportEnvironment;
import io.meshconformance.istio.IstiodLocator;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.text.Redaction;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the mesh for a test class: reads and logs the settings, validates the topology and checks what can be checked
 * before anything starts, writes the report's environment, makes the {@link Mesh} that tests receive as a parameter,
 * and closes it after the class. A failure outside a stage is explained like a stage's. Register it with
 * {@code @ExtendWith(MeshExtension.class)} (settings from this JVM) together with {@link RequiresDockerForK3s}, or
 * build one with {@link #using} for other settings.
 */
public final class MeshExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver,
        TestExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MeshExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MeshExtension.class);
    private static final String KEY = "mesh";

    private final MeshEnvironment environment;

    /**
     * The environment the JUnit configuration parameter {@value MeshEnvironment#PARAMETER} names, or the real one:
     * settings from this JVM (-Dmesh.* and MESH_*), clusters, Helm, istiod and the page as they are.
     */
    public MeshExtension() {
        this(null);
    }

    private MeshExtension(MeshEnvironment environment) {
        this.environment = environment;
    }

    /** An extension running in {@code environment}. */
    public static MeshExtension using(MeshEnvironment environment) {
        return new MeshExtension(environment);
    }

    /** An extension reading its settings from {@code source} and istiod through {@code istiod}, the rest real. */
    public static MeshExtension using(SettingSource source, IstiodLocator istiod) {
        return new MeshExtension(MeshEnvironment.real().withSettings(source).withIstiod(istiod));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        MeshEnvironment environment = this.environment != null ? this.environment
                : MeshEnvironment.named(context::getConfigurationParameter);
        MeshSettings settings = MeshSettings.from(environment.settings());
        LOG.info("{}", settings.describe());
        settings.warnings().forEach(w -> LOG.warn("{}", w));
        settings.writeTo(settings.results());
        MeshTopology topology = TopologyLoader.load(settings.topology());
        RunId run = RunId.generate();
        ClusterProvider provider = environment.clusters(settings, run);
        provider.check(topology);
        ReportEnvironment.write(environment.allureResults(), settings, topology, provider.describe());
        LOG.info("Run {}: {} clusters ({}); Istio {}", run, topology.clusters().size(),
                provider.describe().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")), settings.installsIstio() ? "installed by the run ("
                        + settings.istioVersion() + ")" : "verified as found");
        context.getStore(NAMESPACE).put(KEY, new Mesh(settings, topology, run, provider, environment));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Mesh mesh = context.getStore(NAMESPACE).remove(KEY, Mesh.class);
        if (mesh != null) {
            mesh.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Mesh.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return mesh(context);
    }

    /**
     * A failure that no stage caught (a test's own assertion or mistake) gets the same treatment as a stage's: its
     * evidence is attached and later stages are not reached. A stage's failure has been handled already.
     */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (!(failure instanceof StageFailedException) && !(failure instanceof TestAbortedException)) {
            Mesh mesh = context.getStore(NAMESPACE).get(KEY, Mesh.class);
            if (mesh != null) {
                mesh.failedOutsideStage(context.getDisplayName(), failure);
            }
            throw redacted(failure);
        }
        throw failure;
    }

    /**
     * {@code failure} as the report may record it: itself when no message along its causes holds anything the
     * redaction removes (an assertion stays an assertion), else the redacted copy a stage's failure gets.
     */
    static Throwable redacted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && !Redaction.text(message).equals(message)) {
                return Redaction.throwable(failure);
            }
        }
        return failure;
    }

    private static Mesh mesh(ExtensionContext context) {
        Mesh mesh = context.getStore(NAMESPACE).get(KEY, Mesh.class);
        if (mesh == null) {
            throw new IllegalStateException("no mesh: MeshExtension.beforeAll did not complete");
        }
        return mesh;
    }
}
