package io.meshconformance.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CleanupStackTest {

    @Test
    void undoesNewestFirstAndKeepsGoingPastFailures() {
        List<String> done = new ArrayList<>();
        CleanupStack stack = new CleanupStack();
        stack.push("remove network", () -> done.add("network"));
        stack.push("remove container a", () -> {
            throw new IllegalStateException("daemon said no");
        });
        stack.push("remove container b", () -> done.add("b"));
        IllegalStateException e = assertThrows(IllegalStateException.class, stack::close);
        assertEquals(List.of("b", "network"), done);
        assertTrue(e.getMessage().startsWith("1 cleanup step failed"), e.getMessage());
        assertTrue(e.getMessage().contains("remove container a"), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
    }

    @Test
    void closingTwiceRunsNothingTwice() {
        AtomicInteger runs = new AtomicInteger();
        CleanupStack stack = new CleanupStack();
        stack.push("count", runs::incrementAndGet);
        stack.close();
        stack.close();
        assertEquals(1, runs.get());
        assertThrows(IllegalStateException.class, () -> stack.push("late", () -> { }));
    }

    @Test
    void waitTimeoutSaysWhatWasWaitedForAndWhatWasSeenLast() {
        AtomicInteger polls = new AtomicInteger();
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class, () -> Waits.until(
                "cluster 'remote': node Ready", Duration.ofMillis(300), Duration.ofMillis(50),
                () -> Optional.of("node remote Ready=False (poll " + polls.incrementAndGet() + ")")));
        assertTrue(e.getMessage().startsWith("Timed out after 0.3 s waiting for cluster 'remote': node Ready; last"
                + " seen: node remote Ready=False (poll "), e.getMessage());
        assertTrue(polls.get() > 1);
    }

    @Test
    void waitTreatsExceptionsAsNotYetAndReturnsWhenSatisfied() {
        AtomicInteger polls = new AtomicInteger();
        Waits.until("third poll", Duration.ofSeconds(5), Duration.ofMillis(10), () -> {
            if (polls.incrementAndGet() < 3) {
                throw new IllegalStateException("connection refused");
            }
            return Optional.empty();
        });
        assertEquals(3, polls.get());
    }

    @Test
    void runIdsAreDnsSafe() {
        RunId id = RunId.generate();
        assertTrue(id.value().matches("\\d{8}-\\d{4}-[0-9a-f]{4}"), id.value());
        assertEquals("mesh-" + id.value() + "-primary", id.name("primary"));
        assertThrows(IllegalArgumentException.class, () -> new RunId("Not_Valid"));
    }

    @Test
    void aFailedUndoIsReportedWithoutTheCredentialsItsErrorCarries() {
        String password = "pw" + Long.toHexString(System.nanoTime());
        CleanupStack stack = new CleanupStack();
        stack.push("delete namespace x", () -> {
            throw new IllegalStateException("Failure executing: DELETE at: https://admin:" + password
                    + "@10.0.0.12:6443/api/v1/namespaces/x");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, stack::close);
        StringBuilder everything = new StringBuilder(e.getMessage());
        for (Throwable suppressed : e.getSuppressed()) {
            for (Throwable t = suppressed; t != null; t = t.getCause()) {
                everything.append('\n').append(t);
            }
        }
        assertTrue(everything.toString().contains("cleanup step 'delete namespace x' failed"), everything.toString());
        assertFalse(everything.toString().contains(password), everything.toString());
    }
}
