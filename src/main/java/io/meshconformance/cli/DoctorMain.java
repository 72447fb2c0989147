package io.meshconformance.cli;

import java.io.PrintStream;
import java.util.Optional;

import io.meshconformance.cluster.ExistingClusterProvider;
import io.meshconformance.cluster.ExistingOptions;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.config.InvalidSettingsException;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.Keys;
import io.meshconformance.config.Mode;
import io.meshconformance.config.SettingSource;
import io.meshconformance.doctor.DoctorReport;
import io.meshconformance.doctor.PreflightDoctor;
import io.meshconformance.istio.ExecIstiodDebug;
import io.meshconformance.istio.IstiodLocator;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.InvalidTopologyException;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;

/**
 * {@code bin/mesh-doctor}: the preflight doctor on two existing clusters, without the suite. Settings as for the
 * suite (-D or MESH_*); the mode is {@code existing} unless set otherwise. Prints the table; exit 0 when no check
 * failed, 1 when one did, 2 when the input (settings, topology, kubeconfigs) cannot be used.
 */
public final class DoctorMain {

    public static final int HEALTHY = 0;
    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;

    private DoctorMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.err.println("mesh-doctor takes no arguments; give settings as -Dmesh.KEY=VALUE (the README lists"
                    + " them). Got: " + String.join(" ", args));
            System.exit(BAD_INPUT);
        }
        if (System.getProperty(Keys.MODE) == null && System.getenv(SettingSource.environmentName(Keys.MODE)) == null) {
            System.setProperty(Keys.MODE, "existing");
        }
        System.exit(run(SettingSource.system(), System.out, System.err));
    }

    /** Runs the doctor with {@code source}'s settings; returns the exit code. */
    public static int run(SettingSource source, PrintStream out, PrintStream err) {
        return run(source, out, err, IstiodLocator.EXEC);
    }

    /** As {@link #run(SettingSource, PrintStream, PrintStream)}, reading istiod through {@code istiod}. */
    static int run(SettingSource source, PrintStream out, PrintStream err,
                   IstiodLocator istiod) {
        MeshSettings settings;
        MeshTopology topology;
        try {
            settings = MeshSettings.from(source);
            // A misspelled MESH_ variable is only a warning (other tools share the prefix), so it must be seen.
            settings.warnings().forEach(warning -> err.println("mesh-doctor: warning: " + warning));
            if (settings.mode() != Mode.EXISTING) {
                err.println("mesh-doctor examines existing clusters: " + Keys.MODE + " must be 'existing' (it is '"
                        + settings.mode().name().toLowerCase() + "'): drop -D" + Keys.MODE + " / "
                        + SettingSource.environmentName(Keys.MODE) + ", and give " + Keys.PRIMARY_KUBECONFIG + " and "
                        + Keys.REMOTE_KUBECONFIG);
                return BAD_INPUT;
            }
            topology = TopologyLoader.load(settings.topology());
        } catch (InvalidSettingsException | InvalidTopologyException e) {
            err.println(e.getMessage());
            return BAD_INPUT;
        }
        MeshClusters clusters;
        try {
            // Only reads: the run id is never put on anything.
            clusters = new ExistingClusterProvider(ExistingOptions.from(settings), RunId.generate()).start(topology);
        } catch (ExistingClusterProvider.InvalidClusterAccessException e) {
            err.println(e.getMessage());
            return BAD_INPUT;
        }
        try (clusters) {
            PreflightDoctor doctor = new PreflightDoctor(clusters.primary(), clusters.remotes(),
                    controlPlane -> istiod.in(clusters.primary(), controlPlane, ExecIstiodDebug.QUICK_READ),
                    PreflightDoctor.Expectations.of(settings), Optional.empty());
            DoctorReport report = doctor.run(step -> err.println("mesh-doctor: checking " + step));
            out.print(report.table());
            return report.failed() ? CHECK_FAILED : HEALTHY;
        }
    }
}
