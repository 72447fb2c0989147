package io.meshconformance.bookinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.meshconformance.bookinfo.ProductPageView.Generation;
import io.meshconformance.bookinfo.ProductPageView.Part;
import org.junit.jupiter.api.Test;

class ProductPageParserTest {

    static ProductPageView page(String fixture) throws IOException {
        return ProductPageParser.parse(Files.readString(Path.of("fixtures/productpage", fixture)));
    }

    @Test
    void detailsShownOnThe120Page() throws IOException {
        ProductPageView view = page("v1.20-details-shown.html");
        assertEquals(Generation.V1_20, view.generation());
        assertEquals(Part.SHOWN, view.details());
        assertEquals(ProductPageView.EXPECTED_DETAILS, view.detailFields());
        assertEquals(List.of(), view.detailMismatches());
        assertEquals(Part.SHOWN, view.reviews());
        assertEquals(Optional.of("reviews-v2-5b64f47978-q7xzd"), view.reviewsPod());
        assertEquals(Optional.of("primary"), view.reviewsCluster());
        assertTrue(view.detailsExcerpt().startsWith("Book Details ISBN-10 Publisher"), view.detailsExcerpt());
    }

    @Test
    void detailsErrorOnThe120Page() throws IOException {
        ProductPageView view = page("v1.20-details-failed.html");
        assertEquals(Generation.V1_20, view.generation());
        assertEquals(Part.FAILED, view.details());
        assertEquals(Part.SHOWN, view.reviews());
        assertEquals(Optional.of("reviews-v1-6c8d7b8f9-2lmnp"), view.reviewsPod());
        assertEquals(Optional.empty(), view.reviewsCluster());
        assertTrue(view.detailsExcerpt().contains("Sorry, product details are currently unavailable"));
    }

    @Test
    void reviewsErrorIsSeparateFromDetails() throws IOException {
        ProductPageView view = page("v1.20-reviews-failed.html");
        assertEquals(Part.SHOWN, view.details());
        assertEquals(Part.FAILED, view.reviews());
    }

    @Test
    void detailsShownOnThe119Page() throws IOException {
        ProductPageView view = page("v1.19-details-shown.html");
        assertEquals(Generation.V1_19, view.generation());
        assertEquals(Part.SHOWN, view.details());
        assertEquals(List.of(), view.detailMismatches(), view.detailFields().toString());
        assertEquals("123-1234567890", view.detailFields().get("ISBN-13"));
        assertEquals(Optional.of("reviews-v3-7dbcdcbc56-9qg4h"), view.reviewsPod());
    }

    @Test
    void detailsErrorOnThe119Page() throws IOException {
        ProductPageView view = page("v1.19-details-failed.html");
        assertEquals(Generation.V1_19, view.generation());
        assertEquals(Part.FAILED, view.details());
        assertEquals(Part.FAILED, view.reviews());
    }

    @Test
    void anUnrelatedPageIsUnrecognisedWithItsTitleNotDetailsMissing() throws IOException {
        ProductPageView view = page("unrelated.html");
        assertEquals(Generation.UNRECOGNISED, view.generation());
        assertEquals("not a Bookinfo product page (title 'Welcome to nginx!')", view.summary());
        assertEquals(Generation.UNRECOGNISED, ProductPageParser.parse("no healthy upstream").generation());
        assertEquals(Generation.UNRECOGNISED, ProductPageParser.parse("").generation());
    }

    @Test
    void wrongValuesAreNamedFieldByField() throws IOException {
        ProductPageView view = page("details-wrong-values.html");
        assertEquals(Part.SHOWN, view.details());
        assertEquals(List.of("ISBN-10: expected 1234567890, got 0000000000", "Publisher: expected PublisherA, got"
                + " PublisherB", "Type: expected paperback, got hardcover"), view.detailMismatches());
    }
}
