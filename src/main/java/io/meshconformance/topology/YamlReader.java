package io.meshconformance.topology;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.meshconformance.text.Causes;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads one YAML document into a tree within limits, and says in words what is wrong with one it refuses. The
 * limits keep every input bounded: the YAML scanner takes time that grows faster than the length of one long value
 * (a 25 MB scalar did not finish), so the text, each value and the nesting are capped, in Jackson's
 * {@link StreamReadConstraints} and in SnakeYAML Engine's code-point limit. Duplicate keys and a second document
 * are refused, not silently resolved, since another reader of the same file may resolve them otherwise.
 */
public final class YamlReader {

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:Object )?(?:property|field) \"(.*)\"");
    private static final int MAX_QUOTED = 200;

    private final YAMLMapper mapper;
    private final int maxChars;
    private final int maxValueChars;
    private final int maxDepth;
    private final String document;

    /**
     * @param maxChars      the longest text read, in characters
     * @param maxValueChars the longest key or value
     * @param maxDepth      the deepest nesting of mappings and lists
     * @param document      what one document is, for messages: "a topology"
     */
    public YamlReader(int maxChars, int maxValueChars, int maxDepth, String document) {
        this.maxChars = maxChars;
        this.maxValueChars = maxValueChars;
        this.maxDepth = maxDepth;
        this.document = document;
        YAMLFactory factory = YAMLFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(maxChars)
                        .maxStringLength(maxValueChars).maxNameLength(maxValueChars).maxNestingDepth(maxDepth)
                        .build())
                .loadSettings(LoadSettings.builder().setCodePointLimit(maxChars).build())
                .build();
        this.mapper = YAMLMapper.builder(factory).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /**
     * The tree of the one document in {@code text}; null or a missing node for an empty one. The exception's
     * message is the rest of a sentence that begins with the file's name, and ends with the fix.
     */
    public JsonNode read(String text) {
        if (text.length() > maxChars) {
            throw new IllegalArgumentException("is " + text.length() + " characters long, more than the " + maxChars
                    + " this harness reads; pass " + document + " file");
        }
        unprintable(text).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        JsonParser parser = mapper.createParser(text);
        try (parser) {
            JsonNode root = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                int line = markerLine(text, parser.currentTokenLocation());
                throw new IllegalArgumentException("holds more than one YAML document: a second one begins with"
                        + " '---'" + (line < 1 ? "" : " on line " + line) + ", but " + document + " is one document"
                        + " and only one is read; remove that '---' and what follows, or move it to a file of its"
                        + " own");
            }
            return root;
        } catch (StreamConstraintsException e) {
            // The constraint's exception carries no location; the parser stopped where the limit was passed.
            throw new IllegalArgumentException(beyondLimits(e, parser.currentLocation()));
        } catch (JacksonException e) {
            throw refused(e);
        }
    }

    /** The line of the '---' before the first token of the second document (0 if none is found). */
    private static int markerLine(String text, TokenStreamLocation token) {
        int last = token == null ? Integer.MAX_VALUE : token.getLineNr();
        int line = 0;
        int marker = 0;
        for (String each : (Iterable<String>) text.lines()::iterator) {
            line++;
            if (line > last) {
                break;
            }
            if (each.equals("---") || each.startsWith("--- ") || each.startsWith("---\t")) {
                marker = line;
            }
        }
        return marker;
    }

    private String beyondLimits(StreamConstraintsException e, TokenStreamLocation stopped) {
        String message = String.valueOf(e.getOriginalMessage());
        String where = e.getLocation() != null ? at(e.getLocation()) : line(stopped);
        if (message.contains("nesting depth")) {
            return "nests mappings and lists more than " + maxDepth + " levels deep" + where + ", far more than "
                    + document + " has; fix the indentation or the brackets";
        }
        if (message.contains("String value length") || message.contains("Name length")) {
            return "has a key or value longer than " + maxValueChars + " characters" + where + ", far longer than"
                    + " " + document + " needs; check that the file is " + document;
        }
        return "is longer than the " + maxChars + " characters this harness reads" + where + "; pass " + document
                + " file";
    }

    /** Why a document is refused, as a {@link SyntaxError} when it is not YAML at all. */
    private IllegalArgumentException refused(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "unreadable document"
                : Causes.firstLine(e.getOriginalMessage()).trim();
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            return new IllegalArgumentException("has the key '" + cap(duplicate.group(1)) + "' twice in one mapping"
                    + line(e.getLocation()) + "; another reader could take either value: keep one of them");
        }
        if (message.contains("exceeds the limit") && message.contains("code points")) {
            return new IllegalArgumentException("is longer than the " + maxChars + " characters this harness reads;"
                    + " pass " + document + " file");
        }
        return new SyntaxError("is not valid YAML: " + cap(message) + at(e.getLocation())
                + "; fix the syntax (indentation, a missing ':' or quote)");
    }

    /** The text is not YAML at all, as opposed to YAML this reader refuses (too long, two documents, a key twice). */
    public static final class SyntaxError extends IllegalArgumentException {
        SyntaxError(String message) {
            super(message);
        }
    }

    /**
     * The first character YAML does not allow in a document (YAML 1.2 "c-printable": tab, line breaks and
     * printable Unicode), with where it is; such a character makes the parser report only "special characters".
     */
    static Optional<String> unprintable(String text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            boolean printable = c == '\t' || c == '\r' || c >= 0x20 && c <= 0x7E || c == 0x85
                    || c >= 0xA0 && c <= 0xFFFD || Character.isSurrogate(c);
            if (!printable) {
                String name = c == 0 ? "a NUL character" : String.format("the control character U+%04X", (int) c);
                return Optional.of("contains " + name + " (line " + line + ", column " + column + "), which YAML"
                        + " does not allow in a document; remove it, or save the file again as plain UTF-8 text");
            }
            column++;
        }
        return Optional.empty();
    }

    private static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String line(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " (line " + location.getLineNr() + ")";
    }

    private static String cap(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...";
    }

    /** What a YAML node is, for a message that says what was expected instead: "a list", "a mapping", "the value 'x'". */
    public static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return "the value '" + node.asString() + "'";
    }
}
