package io.meshconformance.bookinfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Reads /productpage HTML into a {@link ProductPageView}. Both page generations (istio/istio samples/bookinfo/src/productpage/templates/productpage.html, before and after 1.20) are recognised; a
 * page that is neither is reported as unrecognised with its title, never as "details missing".
 */
public final class ProductPageParser {

    static final String DETAILS_ERROR = "Error fetching product details";
    static final String REVIEWS_ERROR = "Error fetching product reviews";
    static final Pattern SERVED_BY = Pattern.compile("Reviews served by:\\s*([a-z0-9][-a-z0-9.]*)(?:\\s+on cluster\\s+(\\S+))?");

    private ProductPageParser() {
    }

    public static ProductPageView parse(String html) {
        Document doc = Jsoup.parse(html == null ? "" : html);
        String title = doc.title().strip();
        String text = doc.body() == null ? "" : doc.body().text();

        Map<String, String> fields = tableFields(doc);
        ProductPageView.Generation generation = fields.isEmpty() ? null : ProductPageView.Generation.V1_20;
        if (fields.isEmpty()) {
            fields = definitionListFields(doc);
            generation = fields.isEmpty() ? null : ProductPageView.Generation.V1_19;
        }
        boolean detailsFailed = text.contains(DETAILS_ERROR);
        if (generation == null && detailsFailed) {
            generation = text.contains(DETAILS_ERROR + "!") ? ProductPageView.Generation.V1_19
                    : ProductPageView.Generation.V1_20;
        }
        if (generation == null) {
            return new ProductPageView(ProductPageView.Generation.UNRECOGNISED, ProductPageView.Part.ABSENT, Map.of(),
                    ProductPageView.Part.ABSENT, Optional.empty(), Optional.empty(), title, "");
        }
        ProductPageView.Part details = !fields.isEmpty() ? ProductPageView.Part.SHOWN : ProductPageView.Part.FAILED;

        ProductPageView.Part reviews;
        Optional<String> pod = Optional.empty();
        Optional<String> cluster = Optional.empty();
        Matcher served = SERVED_BY.matcher(text);
        if (text.contains(REVIEWS_ERROR)) {
            reviews = ProductPageView.Part.FAILED;
        } else if (served.find()) {
            reviews = ProductPageView.Part.SHOWN;
            pod = Optional.of(served.group(1));
            cluster = Optional.ofNullable(served.group(2));
        } else {
            reviews = text.contains("Book Reviews") ? ProductPageView.Part.SHOWN : ProductPageView.Part.ABSENT;
        }
        return new ProductPageView(generation, details, Map.copyOf(fields), reviews, pod, cluster, title,
                detailsExcerpt(text, details));
    }

    /** Images 1.20.x: a table whose header cells name the fields and whose first body row holds the values. */
    private static Map<String, String> tableFields(Document doc) {
        for (Element table : doc.select("table")) {
            List<String> headers = table.select("th").eachText();
            if (!headers.contains("ISBN-10")) {
                continue;
            }
            Element row = table.select("tbody tr").first();
            if (row == null) {
                continue;
            }
            List<String> cells = row.select("td").eachText();
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < headers.size() && i < cells.size(); i++) {
                fields.put(headers.get(i), cells.get(i));
            }
            return fields;
        }
        return Map.of();
    }

    /** Images up to 1.19: {@code <dt>Label:</dt>value}, the value a text node or a {@code dd} after the term. */
    private static Map<String, String> definitionListFields(Document doc) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element term : doc.select("dl > dt")) {
            String label = term.text().strip();
            if (!label.endsWith(":") || label.startsWith("Reviews served by")) {
                continue;
            }
            StringBuilder value = new StringBuilder();
            for (Node next = term.nextSibling(); next != null; next = next.nextSibling()) {
                if (next instanceof Element e && e.tagName().equals("dt")) {
                    break;
                }
                value.append(next instanceof TextNode t ? t.text() : next instanceof Element e ? e.text() : "");
            }
            fields.put(label.substring(0, label.length() - 1).strip(), value.toString().strip());
        }
        return fields.containsKey("ISBN-10") ? fields : Map.of();
    }

    private static String detailsExcerpt(String text, ProductPageView.Part details) {
        String marker = details == ProductPageView.Part.SHOWN ? "Book Details" : DETAILS_ERROR;
        int start = text.indexOf(marker);
        if (start < 0) {
            return "";
        }
        int end = text.indexOf("Book Reviews", start);
        if (end < 0) {
            end = text.indexOf(REVIEWS_ERROR, start);
        }
        String excerpt = end < 0 ? text.substring(start) : text.substring(start, end);
        return excerpt.length() > 400 ? excerpt.substring(0, 400) + "..." : excerpt.strip();
    }
}
