package io.meshconformance.bookinfo;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.meshconformance.bookinfo.ProductPageView.Part;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.Marks;
import io.meshconformance.lifecycle.Waits;

/**
 * Verdict two, and its "before" counterpart: what /productpage shows, polled through {@link PageSource}.
 */
public final class PageVerdict {

    static final Duration POLL = Duration.ofSeconds(2);

    /** Fetches /productpage; implemented over the ingress gateway, and by fixtures in tests. */
    @FunctionalInterface
    public interface PageSource {
        String fetch() throws Exception;
    }

    private PageVerdict() {
    }

    /**
     * Before details runs in the remote: the page is served and shows the details error. Proves the path through
     * the ingress gateway to productpage works, and that details is not yet reachable.
     */
    public static ProductPageView awaitDetailsError(PageSource page, Duration timeout) {
        AtomicReference<ProductPageView> last = new AtomicReference<>();
        Waits.until("/productpage to be served with the details error (details not running anywhere yet)", timeout,
                POLL, () -> {
                    ProductPageView view = fetch(page);
                    last.set(view);
                    if (!view.recognised()) {
                        return Optional.of(view.summary());
                    }
                    if (view.details() == Part.SHOWN) {
                        return Optional.of("the page shows details although details runs in no cluster yet: is a"
                                + " details Deployment running in the primary? " + view.summary());
                    }
                    return Optional.empty();
                });
        return last.get();
    }

    /** After: the details with the expected values in {@code successes} consecutive requests. */
    public static ProductPageView awaitDetails(PageSource page, int successes, Duration timeout) {
        return awaitDetails(page, successes, timeout, Marks.NONE);
    }

    /** As {@link #awaitDetails(PageSource, int, Duration)}, marking the first page with details and the last. */
    public static ProductPageView awaitDetails(PageSource page, int successes, Duration timeout, Marks marks) {
        AtomicInteger streak = new AtomicInteger();
        AtomicReference<ProductPageView> last = new AtomicReference<>();
        AtomicBoolean detailsUnreachable = new AtomicBoolean();
        try {
            Waits.until("/productpage to show the book details in " + successes + " consecutive requests", timeout,
                    POLL, () -> {
                        ProductPageView view;
                        detailsUnreachable.set(false);
                        try {
                            view = fetch(page);
                        } catch (RuntimeException e) {
                            streak.set(0);
                            throw e;
                        }
                        last.set(view);
                        Optional<String> problem = detailsProblem(view);
                        if (problem.isPresent()) {
                            detailsUnreachable.set(view.recognised() && view.details() != Part.SHOWN);
                            int had = streak.getAndSet(0);
                            return Optional.of(problem.get() + (had > 0 ? " (after " + had + " good in a row)" : ""));
                        }
                        int now = streak.incrementAndGet();
                        marks.mark("the first page showing the details");
                        if (now >= successes) {
                            marks.mark(successes + " consecutive pages showing the details");
                        }
                        return now >= successes ? Optional.empty()
                                : Optional.of(now + " of " + successes + " consecutive requests showed the details");
                    });
        } catch (Waits.WaitTimeoutException e) {
            // Served, so the gateway and productpage work; the call from its sidecar to details across does not.
            throw detailsUnreachable.get() ? e.pointingAt(Layer.DATA_PLANE) : e;
        }
        return last.get();
    }

    static Optional<String> detailsProblem(ProductPageView view) {
        if (!view.recognised()) {
            return Optional.of(view.summary());
        }
        if (view.details() != Part.SHOWN) {
            return Optional.of("the page shows the details error: productpage in the primary cannot reach details"
                    + " in the remote (" + view.summary() + ")");
        }
        if (!view.detailMismatches().isEmpty()) {
            return Optional.of("the page shows other details than the details service's: "
                    + String.join("; ", view.detailMismatches()));
        }
        return Optional.empty();
    }

    private static ProductPageView fetch(PageSource page) {
        try {
            return ProductPageParser.parse(page.fetch());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("/productpage could not be fetched: " + e.getMessage(), e);
        }
    }
}
