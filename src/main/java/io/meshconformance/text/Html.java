package io.meshconformance.text;

/** Text made safe to place in HTML or SVG, as element content or a quoted attribute value. Pure. */
public final class Html {

    private Html() {
    }

    /** {@code <}, {@code >}, {@code &}, and both quotes written as entities; everything else as it is. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
