package io.meshconformance.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything that shaped a kept mesh (mesh.reuse): the topology, the k3s image, the Istio version and chart source,
 * the harness's Helm values and the harness version, each as a named part. Two runs may share a mesh only when every
 * part is equal; the hash names the mesh in Docker labels, and the parts say what differs when it cannot be shared.
 *
 * @param parts part name to its canonical text; no secrets (values, image names, ranges)
 */
public record MeshFingerprint(Map<String, String> parts) {

    /** The part naming the harness version, also written as a label on a kept mesh. */
    public static final String HARNESS = "harness.version";

    /** How many hex digits of the SHA-256 name a mesh: enough to tell meshes on one machine apart, short in labels. */
    static final int HASH_LENGTH = 16;

    public MeshFingerprint {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a fingerprint needs at least one part");
        }
        parts = Collections.unmodifiableMap(new TreeMap<>(parts));
    }

    /** The harness version part, or "unknown". */
    public String harness() {
        return parts.getOrDefault(HARNESS, "unknown");
    }

    /** The SHA-256 of every part as {@code name=text} lines, in name order; the first {@value #HASH_LENGTH} hex. */
    public String hash() {
        return hash(parts);
    }

    /** The hash of {@code parts} as {@link #hash()} computes it (a kept record's parts, checked against its label). */
    public static String hash(Map<String, String> parts) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(parts).forEach((name, text) -> canonical.append(name).append('=')
                .append(text.replace("\\", "\\\\").replace("\n", "\\n")).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * What differs between a kept mesh's parts and this run's, one sentence per part ("k3s.image: kept 'a', this run
     * 'b'"); long texts (the Helm values) are named, not quoted. Empty when all are equal.
     */
    public List<String> differences(Map<String, String> kept) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(parts.keySet());
        names.addAll(kept.keySet());
        for (String name : names) {
            String mine = parts.get(name);
            String theirs = kept.get(name);
            if (mine == null) {
                differences.add(name + ": the kept mesh has it, this run does not (another harness version?)");
            } else if (theirs == null) {
                differences.add(name + ": the kept mesh lacks it (made by another harness version)");
            } else if (!mine.equals(theirs)) {
                differences.add(shortEnough(mine) && shortEnough(theirs)
                        ? name + ": kept '" + theirs + "', this run '" + mine + "'"
                        : name + ": differs (kept " + hash(Map.of(name, theirs)) + ", this run "
                        + hash(Map.of(name, mine)) + ")");
            }
        }
        return differences;
    }

    private static boolean shortEnough(String text) {
        return text.length() <= 100 && !text.contains("\n");
    }
}
