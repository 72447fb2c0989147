package io.meshconformance.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Redacts one JSON or YAML document by its structure, in place: the parser's token offsets say where each value
 * stands in the text, so only the values change and the layout, the comments and any text around stay as they were.
 * Which values are secret is {@link DocumentRules}' job. A document that stops parsing half-way (a cut, a log line
 * after it) is redacted as far as it was read; {@link Result#failedAt()} says where it stopped.
 */
final class DocumentRedaction {

    enum Syntax { JSON, YAML }

    /** Kubernetes objects nest a few dozen levels; deeper input is not a document we need to understand. */
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(200).build();
    private static final TokenStreamFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    private static final TokenStreamFactory YAML = YAMLFactory.builder().streamReadConstraints(LIMITS).build();

    /** A mapping or sequence being read: what the rules need to know of it, gathered as the tokens go by. */
    static final class Frame {
        final Frame parent;
        /** The key this frame is the value of, null for an item of a sequence or the root. */
        final String key;
        final boolean array;
        /** A YAML flow collection ({@code {a: b}}), where a block scalar cannot be written. */
        final boolean flow;
        String kind;
        String type;
        String name;
        /** Has a field only an exec plugin's config has: its env holds credentials whatever the names. */
        boolean exec;
        boolean flagPending;

        Frame(Frame parent, String key, boolean array, boolean flow) {
            this.parent = parent;
            this.key = key;
            this.array = array;
            this.flow = flow || (parent != null && parent.flow);
        }
    }

    /**
     * One scalar: its frame, its key (null in a sequence), its value as parsed, where it stands in the text, the
     * column of its key (for the indentation of a block written in its place), whether it follows a credential
     * flag in a sequence ({@code args: [--token, x]}), and whether a cut ended the text inside it (its value is then
     * only the start of one).
     */
    record Scalar(Frame frame, String key, JsonToken token, String value, int start, int end, int keyColumn,
                  boolean afterFlag, boolean cut) {
    }

    /**
     * Where a document stands in the text its edits belong to: at {@code offset}, with {@code length} characters of
     * that text (the parser may be given a quote more, closing a string that a cut left open); as the value of
     * {@code key} when the text shows that key before it but not the object around ({@code "data": {...}} after a
     * cut), else null.
     */
    record Place(int offset, int length, String key) {
    }

    /** How far a walk got: where parsing stopped (-1: it did not) and how many tokens it read. */
    record Read(int failedAt, int tokens) {
    }

    /** A walk's redacted text, with how far it got and the values it hid. */
    record Result(String text, int failedAt, int tokens, Set<String> secrets) {
    }

    private DocumentRedaction() {
    }

    /**
     * Redacts {@code text} read as {@code syntax}. In a {@code payload} (a Secret's decoded value) only the values of
     * {@link CredentialNames#isPayloadName naming fields} stay. {@code depth} counts documents inside strings.
     */
    static Result redact(String text, Syntax syntax, boolean payload, int depth) {
        Edits edits = new Edits(text);
        Set<String> secrets = new LinkedHashSet<>();
        Read read = walk(text, syntax, payload, depth, edits, new Place(0, text.length(), null), secrets);
        return new Result(edits.apply(), read.failedAt(), read.tokens(), secrets);
    }

    /** Like {@link #redact} for an ordinary document standing at {@code place} of the text {@code edits} belong to. */
    static Read walk(String text, Syntax syntax, int depth, Edits edits, Place place, Set<String> secrets) {
        return walk(text, syntax, false, depth, edits, place, secrets);
    }

    private static Read walk(String text, Syntax syntax, boolean payload, int depth, Edits edits, Place place,
                             Set<String> secrets) {
        List<Scalar> scalars = new ArrayList<>();
        int failedAt = -1;
        int tokens = 0;
        int[] offsets = syntax == Syntax.YAML ? codePointOffsets(text) : null;
        try (JsonParser parser = (syntax == Syntax.JSON ? JSON : YAML).createParser(ObjectReadContext.empty(), text)) {
            Frame frame = null;
            String key = null;
            int keyColumn = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                tokens++;
                int start = offset(parser.currentTokenLocation(), offsets);
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    boolean flow = syntax == Syntax.YAML && start < text.length()
                            && (text.charAt(start) == '{' || text.charAt(start) == '[');
                    // The root of a place that follows its key is that key's value, in an object of unknown kind.
                    Frame parent = frame == null && place.key() != null ? new Frame(null, null, false, false) : frame;
                    frame = new Frame(parent, frame == null ? place.key() : frame.array ? null : key,
                            token == JsonToken.START_ARRAY, flow);
                    key = null;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    frame = frame == null ? null : frame.parent;
                    key = null;
                } else if (token == JsonToken.PROPERTY_NAME) {
                    key = parser.currentName();
                    keyColumn = Math.max(0, parser.currentTokenLocation().getColumnNr() - 1);
                } else {
                    String value = token == JsonToken.VALUE_EMBEDDED_OBJECT ? "" : parser.getString();
                    int end = offset(parser.currentLocation(), offsets);
                    scalars.add(read(frame, key, token, value, start, end, keyColumn, end > place.length()));
                    key = null;
                }
            }
        } catch (JacksonException | IllegalStateException | IllegalArgumentException e) {
            failedAt = e instanceof JacksonException j && j.getLocation() != null
                    ? Math.max(0, offset(j.getLocation(), offsets)) : 0;
        }
        DocumentRules rules = new DocumentRules(text, syntax, payload, depth);
        for (Scalar scalar : scalars) {
            DocumentRules.Decision decision = rules.decide(scalar);
            if (decision != null) {
                edits.replace(place.offset() + scalar.start(),
                        place.offset() + Math.min(scalar.end(), place.length()), decision.with());
                secrets.addAll(decision.hidden());
            }
        }
        return new Read(failedAt, tokens);
    }

    /** Records a scalar, and what it tells its frame: its kind, its type, its name, a flag waiting for its value. */
    private static Scalar read(Frame frame, String key, JsonToken token, String value, int start, int end,
                               int keyColumn, boolean cut) {
        boolean afterFlag = false;
        if (frame != null && key != null && token == JsonToken.VALUE_STRING) {
            switch (key) {
                case "kind" -> frame.kind = value;
                case "type" -> frame.type = value;
                case "name" -> frame.name = value;
                case "apiVersion" -> frame.exec |= value.startsWith("client.authentication.k8s.io/");
                case "interactiveMode", "installHint" -> frame.exec = true;
                default -> { }
            }
        }
        // A boolean, so not in the switch above, which reads strings.
        if (frame != null && "provideClusterInfo".equals(key)) {
            frame.exec = true;
        }
        if (frame != null && frame.array) {
            afterFlag = frame.flagPending;
            frame.flagPending = token == JsonToken.VALUE_STRING && value.indexOf('=') < 0
                    && CredentialNames.isCredentialFlag(value);
        }
        return new Scalar(frame, key, token, value, start, Math.max(start, end), keyColumn, afterFlag, cut);
    }

    /**
     * SnakeYAML counts code points where Java strings count chars; the two differ only after a character outside the
     * Basic Multilingual Plane (an emoji in a log). Null when they agree.
     */
    private static int[] codePointOffsets(String text) {
        int count = text.codePointCount(0, text.length());
        if (count == text.length()) {
            return null;
        }
        int[] offsets = new int[count + 1];
        int at = 0;
        for (int i = 0; i < count; i++) {
            offsets[i] = at;
            at += Character.charCount(text.codePointAt(at));
        }
        offsets[count] = at;
        return offsets;
    }

    private static int offset(TokenStreamLocation location, int[] offsets) {
        long at = location.getCharOffset();
        if (at < 0) {
            return 0;
        }
        if (offsets == null) {
            return (int) at;
        }
        return offsets[(int) Math.min(at, offsets.length - 1)];
    }
}
