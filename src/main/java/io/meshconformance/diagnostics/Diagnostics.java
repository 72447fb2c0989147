package io.meshconformance.diagnostics;

import java.util.ArrayList;
import java.util.List;

import io.meshconformance.lifecycle.Evidence;
import io.meshconformance.lifecycle.EvidenceCollector;
import io.meshconformance.text.Causes;

/**
 * The evidence collectors of one run, registered by each component as it comes to be (a namespace, istiod, the
 * Bookinfo deployment), and asked in that order when a stage fails. A collector that fails, however badly, yields
 * one piece saying why; it never costs the others or the stage's own verdict.
 */
public final class Diagnostics {

    private final List<Named> collectors = new ArrayList<>();

    private record Named(String what, EvidenceCollector collector) {
    }

    /** Registers {@code collector}; {@code what} names it in the piece that says it failed. */
    public synchronized void add(String what, EvidenceCollector collector) {
        collectors.add(new Named(what, collector));
    }

    public synchronized int size() {
        return collectors.size();
    }

    /** Every collector's evidence, in registration order. */
    public List<Evidence> collect() {
        List<Named> now;
        synchronized (this) {
            now = List.copyOf(collectors);
        }
        List<Evidence> evidence = new ArrayList<>();
        for (Named named : now) {
            try {
                evidence.addAll(named.collector().collect());
            } catch (Exception | LinkageError | AssertionError | StackOverflowError | OutOfMemoryError e) {
                // Evidence of a broken mesh can be large or strange; a collector's failure must not hide the verdict.
                evidence.add(Evidence.of(named.what(), "could not be collected: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + Causes.firstLine(e))));
            }
        }
        return evidence;
    }
}
