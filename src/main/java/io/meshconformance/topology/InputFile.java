package io.meshconformance.topology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a small text file that a person named (a topology, a kubeconfig) so that no file can hang the harness or
 * confuse its parser: before opening, refuses what is not a regular, readable file of bounded size (a FIFO would
 * block the read forever, a huge file would keep the YAML parser busy for minutes); once read, refuses what is not
 * UTF-8 text (UTF-16, NUL bytes). Each refusal is the rest of a sentence that begins with the file's name, and
 * ends with the fix.
 */
public final class InputFile {

    /**
     * What a file should be, for the messages.
     *
     * @param what     "a topology YAML file, e.g. fixtures/topologies/default.yaml": what to pass instead
     * @param maxBytes the largest file taken
     * @param usual    how large such a file usually is, to show the limit is no hardship
     */
    public record Kind(String what, long maxBytes, String usual) {
    }

    private InputFile() {
    }

    /** Refuses, without opening it, a file that is missing, not a regular file, too large, or unreadable. */
    public static void check(Path file, Kind kind) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(unreachable(file, kind, e));
        }
        if (attributes.isDirectory()) {
            throw new IllegalArgumentException("is a directory, not a file; pass " + kind.what());
        }
        if (!attributes.isRegularFile()) {
            throw new IllegalArgumentException("is " + special(file) + ", not a regular file, and reading it could"
                    + " wait forever; save the content to a file and pass " + kind.what());
        }
        if (attributes.size() > kind.maxBytes()) {
            throw tooLarge(attributes.size() + " bytes", kind);
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(unreadable(kind));
        }
    }

    /** {@link #check}s the file, then reads it as UTF-8 text; a UTF-8 byte order mark is dropped. */
    public static String read(Path file, Kind kind) {
        check(file, kind);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, kind.maxBytes() + 1));
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(unreadable(kind));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); pass " + kind.what());
        }
        if (bytes.length > kind.maxBytes()) {
            throw tooLarge("more than " + kind.maxBytes() + " bytes", kind); // grew, or a file that reports no size
        }
        return text(bytes, file, kind);
    }

    /** {@code bytes} as UTF-8 text, or why they are not. */
    static String text(byte[] bytes, Path file, Kind kind) {
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
            throw new IllegalArgumentException("is UTF-16 text (it starts with a UTF-16 byte order mark), but only"
                    + " UTF-8 is read" + convert(file, "UTF-16"));
        }
        int nul = indexOf(bytes, (byte) 0);
        if (nul >= 0) {
            String utf16 = utf16Without(bytes);
            if (utf16 != null) {
                throw new IllegalArgumentException("is " + utf16 + " text without a byte order mark (every other"
                        + " byte is NUL), but only UTF-8 is read" + convert(file, utf16));
            }
            throw new IllegalArgumentException("contains a NUL byte (line " + line(bytes, nul) + "), so it is binary"
                    + " or damaged, not text; pass " + kind.what());
        }
        int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position(); // where the malformed sequence starts
            throw new IllegalArgumentException("is not UTF-8 text: the byte " + String.format("0x%02X", bytes[bad])
                    + " on line " + line(bytes, bad) + " is not valid UTF-8 (the file is in another encoding, such as"
                    + " Latin-1); save it as UTF-8 and pass that");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String convert(Path file, String encoding) {
        return "; save it as UTF-8 (e.g. iconv -f " + encoding + " -t UTF-8 '" + file + "' > converted.yaml) and"
                + " pass that";
    }

    private static String unreachable(Path file, Kind kind, IOException e) {
        if (Files.isSymbolicLink(file)) {
            String target = readLink(file);
            if (e instanceof NoSuchFileException) {
                return "is a symbolic link to '" + target + "', which does not exist; point it at " + kind.what();
            }
            if (reason(e).contains("levels of symbolic links")) {
                return "is a symbolic link in a loop: it points to '" + target + "', and following the links never"
                        + " reaches a file; point it at " + kind.what();
            }
            return "is a symbolic link to '" + target + "', which cannot be followed (" + reason(e) + "); point it"
                    + " at " + kind.what();
        }
        if (e instanceof NoSuchFileException) {
            return "does not exist (working directory " + Path.of("").toAbsolutePath() + "); pass " + kind.what();
        }
        if (e instanceof AccessDeniedException) {
            return "cannot be reached: a directory on its path may not be entered by this user (" + user()
                    + "); fix the permissions or pass " + kind.what() + " elsewhere";
        }
        return "cannot be opened (" + reason(e) + "); pass " + kind.what();
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getClass().getSimpleName();
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    /** What kind of special file {@code file} is, from its Unix mode where the platform tells it. */
    private static String special(Path file) {
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | RuntimeException e) {
            return "a special file (a pipe, device or socket)";
        }
    }

    private static IllegalArgumentException tooLarge(String size, Kind kind) {
        return new IllegalArgumentException("is " + size + ", more than the " + bytes(kind.maxBytes())
                + " this harness reads (" + kind.usual() + "); pass " + kind.what());
    }

    /** "1 MiB" for a whole number of MiB, else the bytes. */
    static String bytes(long count) {
        return count % (1 << 20) == 0 ? count / (1 << 20) + " MiB" : count + " bytes";
    }

    private static String unreadable(Kind kind) {
        return "is not readable by this user (" + user() + "); make it readable (chmod u+r, or run as its owner)"
                + " or pass " + kind.what();
    }

    private static String user() {
        return System.getProperty("user.name", "?");
    }

    /**
     * "UTF-16LE" or "UTF-16BE" when nearly every other byte is NUL, on odd or on even offsets only: ASCII text
     * written as UTF-16 without a byte order mark; null otherwise.
     */
    private static String utf16Without(byte[] bytes) {
        int even = 0;
        int odd = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                if (i % 2 == 0) {
                    even++;
                } else {
                    odd++;
                }
            }
        }
        int half = bytes.length / 2;
        if (half == 0) {
            return null;
        }
        if (odd * 10 >= half * 9 && even == 0) {
            return "UTF-16LE";
        }
        return even * 10 >= half * 9 && odd == 0 ? "UTF-16BE" : null;
    }

    private static int line(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
