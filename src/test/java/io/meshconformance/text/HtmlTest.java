package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the compatibility report and the timeline put into HTML and SVG. */
class HtmlTest {

    @Test
    void markupAndBothQuotesBecomeEntitiesAndTheRestStays() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;it&#39;s &amp; ok&lt;/a&gt; ‹redacted› 1.30", Html.escape(
                "<a href=\"x\">it's & ok</a> ‹redacted› 1.30"));
        assertEquals("", Html.escape(""));
    }
}
