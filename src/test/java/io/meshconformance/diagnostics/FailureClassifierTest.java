package io.meshconformance.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshconformance.cluster.ImageUnavailableException;
import io.meshconformance.cluster.RouteInstaller;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.text.FakeSecrets;
import org.junit.jupiter.api.Test;

/** The broken layer named for a failed stage: the stage's own, unless the failure knows better. */
class FailureClassifierTest {

    static final String FAKE_TOKEN = FakeSecrets.jwt("attach");

    @Test
    void failureNamesTheFirstBrokenLayer() {
        assertEquals(Layer.NETWORK_ROUTES, FailureClassifier.layer(Layer.CLUSTER,
                new RouteInstaller.RouteException("Flat network routes could not be set up")));
        assertEquals(Layer.CLUSTER, FailureClassifier.layer(Layer.CONTROL_PLANE,
                new RuntimeException(new ImageUnavailableException("rancher/k3s:x", "no"))));
        assertEquals(Layer.DATA_PLANE, FailureClassifier.layer(Layer.PAGE, new RuntimeException(
                new Waits.WaitTimeoutException("Timed out", "details failed").pointingAt(Layer.DATA_PLANE))));
        assertEquals(Layer.PAGE, FailureClassifier.layer(Layer.PAGE, new RuntimeException("Timed out ...; last"
                + " seen: the page shows the details error: productpage in the primary cannot reach details in the"
                + " remote (details failed)")), "the words of a message decide nothing");
        assertEquals(Layer.PAGE, FailureClassifier.layer(Layer.PAGE,
                new Waits.WaitTimeoutException("Timed out", "not yet")), "a timeout with no opinion");
        assertEquals(Layer.PAGE, FailureClassifier.layer(Layer.PAGE, new RuntimeException("not a Bookinfo product"
                + " page (title 'Welcome to nginx!')")));
        assertEquals(Layer.ATTACH_SYNC, FailureClassifier.layer(Layer.ATTACH_SYNC, new RuntimeException("x")));
        String headline = FailureClassifier.headline("Attach", Layer.ATTACH_SYNC,
                new RuntimeException("token " + FAKE_TOKEN + " refused"));
        assertEquals("Broken layer: attach/sync (the remote secret and istiod's sync of the remote). Stage 'Attach'"
                + " failed: token <redacted> refused", headline);
    }
}
