package io.meshconformance.bookinfo;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a person sees on /productpage, read from its HTML.
 *
 * @param generation     which page template rendered it (images 1.20.x, or up to 1.19), or UNRECOGNISED
 * @param details        whether the details part shows the book details, the details error, or neither
 * @param detailFields   label to value (ISBN-10, Publisher, Pages, Type, Language, ...) when shown
 * @param reviews        whether the reviews part shows reviews, the reviews error, or neither
 * @param reviewsPod     the reviews pod that answered ("Reviews served by: ..."), if shown
 * @param reviewsCluster the cluster that pod said it runs in, if the page tells (images 1.20.x)
 * @param title          the page title, for pages that are not Bookinfo's
 * @param detailsExcerpt the text of the details part, for the report
 */
public record ProductPageView(Generation generation, Part details, Map<String, String> detailFields, Part reviews,
                              Optional<String> reviewsPod, Optional<String> reviewsCluster, String title,
                              String detailsExcerpt) {

    /** The page templates the productpage images have used. */
    public enum Generation {
        /** Images 1.20.x: details in a table under "Book Details". */
        V1_20,
        /** Images up to 1.19: details in a definition list; error texts end with "!". */
        V1_19,
        /** Not a Bookinfo product page at all. */
        UNRECOGNISED
    }

    /** State of one part of the page. */
    public enum Part {
        SHOWN, FAILED, ABSENT
    }

    /** The details Bookinfo's details service returns for product 0 (istio/istio samples/bookinfo/src/details/details.rb). */
    public static final Map<String, String> EXPECTED_DETAILS = Map.of(
            "ISBN-10", "1234567890",
            "Publisher", "PublisherA",
            "Pages", "200",
            "Type", "paperback",
            "Language", "English");

    public boolean recognised() {
        return generation != Generation.UNRECOGNISED;
    }

    /** Fields that differ from {@link #EXPECTED_DETAILS}, as "label: expected X, got Y". */
    public List<String> detailMismatches() {
        return EXPECTED_DETAILS.entrySet().stream()
                .filter(e -> !e.getValue().equals(detailFields.get(e.getKey())))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ": expected " + e.getValue() + ", got "
                        + Optional.ofNullable(detailFields.get(e.getKey())).orElse("nothing"))
                .toList();
    }

    /** One line for logs and failure messages. */
    public String summary() {
        if (!recognised()) {
            return "not a Bookinfo product page (title '" + title + "')";
        }
        return "details " + details.name().toLowerCase() + (details == Part.SHOWN ? " " + detailFields : "")
                + ", reviews " + reviews.name().toLowerCase()
                + reviewsPod.map(p -> " by " + p + reviewsCluster.map(c -> " on cluster " + c).orElse("")).orElse("")
                + " (page of images " + (generation == Generation.V1_20 ? "1.20.x" : "up to 1.19") + ")";
    }
}
