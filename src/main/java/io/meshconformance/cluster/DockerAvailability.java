package io.meshconformance.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerFetchException;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Whether a Docker engine answers, and the Docker client once it does. Only "no engine" counts as unavailable: an
 * engine that answers while Testcontainers cannot start (its Ryuk image cannot be pulled) is a failure to report,
 * never a reason to skip.
 */
public final class DockerAvailability {

    public static final String NO_DOCKER = "no Docker engine answers (DOCKER_HOST, /var/run/docker.sock or the"
            + " Testcontainers configuration): the conformance suite needs Docker to start its k3s clusters. Start"
            + " Docker (bin/start-docker), or set mesh.mode=existing to test clusters you already have";


    private DockerAvailability() {
    }

    /** The image named in Testcontainers' "Can't get Docker image: RemoteDockerImage(imageName=..., ...)". */
    static String fetchedImage(String message) {
        Matcher m = Pattern.compile("imageName=([^,)\\s]+)")
                .matcher(String.valueOf(message));
        return m.find() ? m.group(1) : TestcontainersConfiguration.getInstance().getRyukImage();
    }

    /**
     * False only when no engine listens. When one listens but Testcontainers cannot use it (permission denied, its
     * Ryuk image cannot be pulled) this is true, so that the suite runs and {@link #client()} reports that failure.
     */
    public static boolean available() {
        try {
            // Finds and pings an engine, without starting Ryuk or checking versions (those come with client()).
            DockerClientFactory.instance().getTransportConfig();
            return true;
        } catch (IllegalStateException e) {
            // Testcontainers says this also when an engine listens but cannot be used (permission denied on the
            // socket, an engine error): that is a failure for client() to report, not a reason to skip.
            return listening(endpoints()).isPresent();
        }
    }

    /** Where an engine may listen: DOCKER_HOST, Testcontainers' docker.host, and the usual sockets. */
    static List<String> endpoints() {
        List<String> endpoints = new ArrayList<>();
        Optional.ofNullable(System.getenv("DOCKER_HOST")).ifPresent(endpoints::add);
        Optional.ofNullable(TestcontainersConfiguration.getInstance().getEnvVarOrUserProperty("docker.host", null))
                .ifPresent(endpoints::add);
        endpoints.add("unix:///var/run/docker.sock");
        Optional.ofNullable(System.getProperty("user.home"))
                .ifPresent(home -> endpoints.add("unix://" + home + "/.docker/run/docker.sock"));
        Optional.ofNullable(System.getenv("XDG_RUNTIME_DIR"))
                .ifPresent(dir -> endpoints.add("unix://" + dir + "/docker.sock"));
        return endpoints;
    }

    /**
     * Whether something accepts a connection at one of {@code endpoints} ({@code unix://path} or
     * {@code tcp://host:port}). A socket file nobody listens on (left by a stopped engine) or a refused port counts
     * as nothing; a connection refused for lack of permission counts as an engine.
     */
    static Optional<String> listening(List<String> endpoints) {
        for (String endpoint : endpoints) {
            URI uri;
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if ("unix".equals(uri.getScheme()) && uri.getPath() != null) {
                Path socket = Path.of(uri.getPath());
                if (!Files.exists(socket)) {
                    continue;
                }
                try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                    return Optional.of(endpoint);
                } catch (IOException e) {
                    if (!String.valueOf(e.getMessage()).contains("refused")) {
                        // e.g. permission denied: an engine is there, the suite must say why it fails
                        return Optional.of(endpoint);
                    }
                }
            } else if ("tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
                try (Socket tcp = new Socket()) {
                    tcp.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
                    return Optional.of(endpoint);
                } catch (IOException e) {
                    // refused or unreachable: nothing listens there
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The Docker client; a Testcontainers start-up image that cannot be had is reported like any other image, and an
     * engine that listens but cannot be used is named with what to check. When Testcontainers is going to start Ryuk,
     * its image is made sure of first ({@link RyukImage}), so that a missing one fails within seconds.
     *
     * @param pullTimeout how long a pull of the Ryuk image may take ({@code mesh.timeout.clusters})
     */
    public static DockerClient client(Duration pullTimeout) {
        checkRyukImage(System.getenv(), RyukImage.name(), pullTimeout);
        try {
            return DockerClientFactory.instance().client();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Something listens at " + listening(endpoints()).orElse("the Docker"
                    + " endpoint") + " but Testcontainers cannot use it as a Docker engine (" + e.getMessage() + ";"
                    + " its log above says what each attempt got). Check that 'docker info' works for this user (the"
                    + " socket's group, e.g. docker), that the engine is healthy, and DOCKER_HOST", e);
        } catch (ContainerFetchException e) {
            // The Ryuk image's remedies, not the k3s image's (mesh.k3s.image and the mirror do nothing for Ryuk).
            throw ImageUnavailableException.ryuk(fetchedImage(e.getMessage()), "Testcontainers could not get it"
                    + " after its own pull retries");
        }
    }

    /**
     * The engine's cgroup version as {@code docker info} reports it ("1" or "2"), read through a client of the
     * harness's own: Testcontainers' shared client would start Ryuk first, whose image may be the thing missing.
     */
    public static String cgroupVersion() {
        try (DockerClient plain = plainClient()) {
            return plain.infoCmd().exec().getCGroupVersion();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Docker client: " + e.getMessage(), e);
        }
    }

    /**
     * When {@code env} lets Testcontainers start Ryuk, makes sure Ryuk's {@code image} is on the Docker host, through a
     * Docker client of its own: Testcontainers' shared client would start Ryuk on the way. Only the engine's
     * address comes from Testcontainers (its transport configuration, which starts nothing).
     */
    static void checkRyukImage(Map<String, String> env, String image, Duration pullTimeout) {
        if (!RyukImage.needed(env)) {
            return;
        }
        DockerClient plain;
        try {
            plain = plainClient();
        } catch (IllegalStateException e) {
            // No usable engine: Testcontainers' client, asked next, reports that with its reasons.
            return;
        }
        try (plain) {
            RyukImage.ensure(plain, image, pullTimeout);
        } catch (IOException e) {
            // Closing a client whose work is done: nothing to report.
        }
    }

    /**
     * A Docker client of the harness's own, to the engine Testcontainers found: only its transport configuration is
     * taken, which starts nothing (Testcontainers' shared client starts Ryuk on first use, and may run an alpine
     * container to find the Docker host's address). The caller closes it.
     */
    public static DockerClient plainClient() {
        return DockerClientProviderStrategy.getClientForConfig(DockerClientFactory.instance().getTransportConfig());
    }
}
