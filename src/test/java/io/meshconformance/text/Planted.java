package io.meshconformance.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A text with secrets planted in it, and the secrets, each as written in the text (raw, base64, escaped): none of
 * their {@link #FRAGMENT}-character pieces may survive redaction. Also the helpers that write a value the way a YAML
 * or JSON emitter would.
 */
record Planted(String context, String text, List<String> secrets) {

    /** A piece of a secret this long is taken as recognisable. */
    static final int FRAGMENT = 8;

    /**
     * One way of planting: a name, how to make a text from a corpus, and whether what makes a planted password
     * secret stands on a line above it (an env item's name, {@code stringData:}, {@code exec:}, {@code - --token}): a cut that keeps
     * the end of the text may take that line away, and the password is then a value like any other.
     */
    record Context(String name, Function<SecretCorpus, Planted> plant, boolean markedAbove) {

        Context(String name, Function<SecretCorpus, Planted> plant) {
            this(name, plant, false);
        }

        Planted make(SecretCorpus corpus) {
            return plant.apply(corpus);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Planted of(String context, String text, String... secrets) {
        List<String> all = new ArrayList<>();
        for (String secret : secrets) {
            if (secret.startsWith("-----BEGIN ")) {
                // A PEM block's lines stay (BEGIN, END); its body may not.
                for (String line : secret.split("\n")) {
                    if (!line.startsWith("-----")) {
                        all.add(line);
                    }
                }
            } else {
                all.add(secret);
            }
        }
        return new Planted(context, text, List.copyOf(all));
    }

    /** The first piece of a secret found in {@code output}, or null. */
    String leak(String output) {
        for (String secret : secrets) {
            for (int i = 0; i + FRAGMENT <= secret.length(); i++) {
                String piece = secret.substring(i, i + FRAGMENT);
                if (output.contains(piece)) {
                    return "'" + piece + "' of '" + secret + "'";
                }
            }
        }
        return null;
    }

    /** {@code value} as a YAML emitter writes it: bare when YAML reads it back the same, else double-quoted. */
    static String yaml(String value) {
        boolean plain = !value.isEmpty() && "-?:,[]{}#&*!|>'\"%@`".indexOf(value.charAt(0)) < 0
                && !value.contains(": ") && !value.contains(" #") && !value.endsWith(":")
                && value.strip().equals(value) && !value.matches("[0-9.+-]+|true|false|null|~|yes|no|on|off");
        return plain ? value : json(value);
    }

    /** {@code value} as a JSON string. */
    static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** {@code text} with every line indented by {@code spaces}. */
    static String indent(String text, int spaces) {
        String pad = " ".repeat(spaces);
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            out.append(pad).append(line).append('\n');
        }
        return out.toString();
    }
}
