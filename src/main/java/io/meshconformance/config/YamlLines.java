package io.meshconformance.config;

import java.util.HashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The line each part of a YAML document starts on, by JSON pointer ({@code /cells/2/istio}), so that a message about
 * a value can say where it is: the tree a reader returns keeps no locations. Only for text the bounded
 * {@code YamlReader} has read already.
 */
final class YamlLines {

    private static final YAMLMapper MAPPER = YAMLMapper.builder().build();

    private final Map<String, Integer> lines;

    private YamlLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    static YamlLines of(String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = MAPPER.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                TokenStreamContext context = parser.streamReadContext();
                if (token.isStructStart()) {
                    context = context.getParent(); // the container just opened is a value of its parent
                }
                if (context != null) {
                    lines.putIfAbsent(context.pathAsPointer().toString(), parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (JacksonException e) {
            // read already by YamlReader, which reports what is wrong with it; the lines found so far stay
        }
        return new YamlLines(lines);
    }

    /** The line of {@code pointer}, or of the first thing under it; 0 when unknown. */
    int line(String pointer) {
        Integer exact = lines.get(pointer);
        if (exact != null) {
            return exact;
        }
        return lines.entrySet().stream().filter(e -> e.getKey().startsWith(pointer + "/"))
                .mapToInt(Map.Entry::getValue).min().orElse(0);
    }
}
