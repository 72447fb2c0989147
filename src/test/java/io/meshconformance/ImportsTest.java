package io.meshconformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The import list of every source file names every class of the harness it uses: no class of ours is written with
 * its full package name inside the code, where the layering test (which reads compiled classes) would still see it
 * but a reader of the imports would not. Comments and string literals are not code and are left out.
 */
class ImportsTest {

    /** {@code io.meshconformance.<package>.<Class>}: a class of ours named by its full name. */
    static final Pattern QUALIFIED = Pattern.compile("\\bio\\.meshconformance\\.[a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*"
            + "\\.[A-Z]\\w*");

    /** The code of a source file without its comments, string and character literals (each replaced by spaces). */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                int stop = end < 0 ? source.length() : end + 2;
                out.append(source.substring(i, stop).replaceAll("[^\\n]", " "));
                i = stop;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                int stop = end < 0 ? source.length() : end + 3;
                out.append(source.substring(i, stop).replaceAll("[^\\n]", " "));
                i = stop;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(" ".repeat(Math.min(j + 1, source.length()) - i));
                i = j + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Each place in {@code source} where a class of ours is named by its full name outside imports and package. */
    static List<String> qualifiedUses(String source) {
        List<String> found = new ArrayList<>();
        String[] lines = code(source).split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.startsWith("import ") || line.startsWith("package ")) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(lines[n]);
            while (m.find()) {
                found.add("line " + (n + 1) + ": " + m.group());
            }
        }
        return found;
    }

    @Test
    void findsAQualifiedNameInCodeButNotInCommentsStringsOrImports() {
        String source = "package io.meshconformance.junit;\n"
                + "import io.meshconformance.text.Redaction;\n"
                + "/** See {@link io.meshconformance.text.Causes}. */\n"
                + "class X {\n"
                + "  String a = \"io.meshconformance.text.Suggest\"; // io.meshconformance.text.Suggest\n"
                + "  Object b = io.meshconformance.doctor.DoctorReport.class;\n"
                + "}\n";
        assertEquals(List.of("line 6: io.meshconformance.doctor.DoctorReport"), qualifiedUses(source));
    }

    @Test
    void everyClassOfOursThatCodeUsesIsImported() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    qualifiedUses(Files.readString(file)).forEach(use -> problems.add(file + " " + use));
                }
            }
        }
        assertEquals(List.of(), problems, "import these classes instead of writing their full names");
    }
}
