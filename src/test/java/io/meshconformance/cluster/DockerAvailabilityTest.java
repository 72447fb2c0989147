package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When Testcontainers finds no usable engine, the suite is skipped only if nothing listens where an engine would:
 * an engine that listens but cannot be used is a failure to report, never a skip.
 */
class DockerAvailabilityTest {

    @Test
    void aListeningUnixSocketCountsAsAnEngine(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertEquals(Optional.of("unix://" + socket), DockerAvailability.listening(List.of("unix://" + socket)));
        }
    }

    @Test
    void aSocketFileLeftByAStoppedEngineAndAMissingOneCountAsNone(@TempDir Path dir) throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale), "closing the listener leaves the socket file, as a killed dockerd does");
        assertEquals(Optional.empty(), DockerAvailability.listening(List.of("unix://" + stale,
                "unix://" + dir.resolve("none"), "not a uri at all \\")));
    }

    @Test
    void aTcpEndpointCountsOnlyWhenItAccepts() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            port = server.getLocalPort();
            assertTrue(DockerAvailability.listening(List.of("tcp://127.0.0.1:" + port)).isPresent());
        }
        assertFalse(DockerAvailability.listening(List.of("tcp://127.0.0.1:" + port)).isPresent());
    }
}
