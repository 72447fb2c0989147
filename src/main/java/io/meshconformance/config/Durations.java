package io.meshconformance.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, or ISO {@code PT5M}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    /**
     * The longest duration a setting may give: every wait adds it to the current time, in nanoseconds in places
     * (Awaitility, {@code System.nanoTime} deadlines), which overflows beyond about 292 years and then fails every
     * wait at once; a day is far beyond what any stage needs and safe for all of that arithmetic.
     */
    public static final Duration MAX = Duration.ofHours(24);

    private Durations() {
    }

    /** Reads {@code text}; refuses zero, negative and anything longer than {@link #MAX}, saying so. */
    public static Duration parse(String text) {
        Duration result;
        try {
            result = read(text);
        } catch (ArithmeticException e) {
            throw tooLong();
        }
        if (result.isZero() || result.isNegative()) {
            throw new IllegalArgumentException("must be longer than zero, e.g. 5m");
        }
        if (result.compareTo(MAX) > 0) {
            throw tooLong();
        }
        return result;
    }

    private static Duration read(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                if (e.getCause() instanceof ArithmeticException overflow) {
                    throw overflow;
                }
                throw bad();
            }
        }
        Matcher m = PART.matcher(t);
        int end = 0;
        Duration result = Duration.ZERO;
        while (m.find()) {
            if (m.start() != end) {
                throw bad();
            }
            if (m.group(1).length() > 12) {
                throw new ArithmeticException("more digits than any bounded duration has");
            }
            long n = Long.parseLong(m.group(1));
            result = result.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw bad();
        }
        return result;
    }

    /** The shortest of the forms {@link #parse} reads: 5m, 90s, 1h30m, 500ms. */
    public static String format(Duration d) {
        if (d.toMillisPart() != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        if (d.toHours() > 0) {
            text.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            text.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            text.append(d.toSecondsPart()).append('s');
        }
        return text.toString();
    }

    private static IllegalArgumentException tooLong() {
        return new IllegalArgumentException("is longer than " + format(MAX) + ", the most a wait of this harness"
                + " can be given (longer ones overflow the arithmetic of every wait); give at most " + format(MAX)
                + ", e.g. 30m");
    }

    private static IllegalArgumentException bad() {
        return new IllegalArgumentException("is not a duration; write it like 90s, 5m, 1h30m or PT5M");
    }
}
