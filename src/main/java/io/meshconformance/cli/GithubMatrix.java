package io.meshconformance.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meshconformance.config.Matrix;
import io.meshconformance.config.MatrixCell;
import tools.jackson.databind.json.JsonMapper;

/** The cells of a matrix that run, as a GitHub Actions {@code strategy.matrix} ({@code bin/mesh-matrix --list-json}). */
final class GithubMatrix {

    private GithubMatrix() {
    }

    /** {"include": [{"cell": ..., ...}]}: the cells that run, for {@code strategy.matrix}. */
    static String json(Matrix matrix, List<MatrixCell> selected, boolean includeUnsupported) {
        List<Map<String, String>> include = new ArrayList<>();
        for (MatrixCell cell : selected) {
            if (!matrix.runs(cell, includeUnsupported)) {
                continue;
            }
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("cell", cell.name());
            entry.put("istio", cell.istio().toString());
            entry.put("k3s", cell.k3s().reference());
            entry.put("kubernetes", cell.k3s().kubernetesMinorText());
            entry.put("topology", cell.topology());
            entry.put("support", cell.expected().status().text());
            entry.put("cluster-images", String.join(" ", cell.clusterImages()));
            entry.put("images-key", imagesKey(cell.images()));
            include.add(entry);
        }
        return JsonMapper.builder().build().writeValueAsString(Map.of("include", include));
    }

    /** A short, stable name for a set of images: the start of the SHA-256 of their names. */
    static String imagesKey(List<String> images) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", images).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
