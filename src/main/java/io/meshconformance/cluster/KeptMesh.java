package io.meshconformance.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a kept mesh is (mesh.reuse), as the run that passed on it wrote it into every node: the fingerprint and its
 * parts, the run that made it and when, what it holds (Istio's releases, the attachment), and the stage times of
 * that cold run, which later warm runs compare themselves against. A mesh without this record was never finished by
 * a passing run and is not reused. Holds no credential.
 *
 * @param fingerprint the hash of {@code parts} ({@link MeshFingerprint#hash})
 * @param madeBy      the run that made the clusters and installed Istio (the last cold run of this fingerprint)
 * @param madeAt      when that run started the clusters
 * @param holds       what the kept part holds, one line each, for people ("Istio in 'primary': base, istiod, ...")
 * @param coldStages  the stage times of {@code madeBy}, stage name to seconds, in order
 * @param lastRun     the last run that passed on this mesh (equal to {@code madeBy} after the cold run)
 * @param runs        how many runs have passed on it, the cold one included
 */
public record KeptMesh(String fingerprint, Map<String, String> parts, String harness, String madeBy, Instant madeAt,
                       List<String> holds, Map<String, Double> coldStages, String lastRun, Instant lastRunAt,
                       int runs) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public KeptMesh {
        parts = Collections.unmodifiableMap(new TreeMap<>(parts));
        holds = List.copyOf(holds);
        coldStages = Collections.unmodifiableMap(new LinkedHashMap<>(coldStages));
    }

    /** The record after another passing run on the mesh: the cold run's figures stay. */
    public KeptMesh servedAgain(String run, Instant at) {
        return new KeptMesh(fingerprint, parts, harness, madeBy, madeAt, holds, coldStages, run, at, runs + 1);
    }

    /** The cold run's time from the first stage to the last, the sum of its stages. */
    public double coldSeconds() {
        return coldStages.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** How long ago the mesh was made, as a person reads it ("3 min", "2 h 5 min", "4 d 1 h"). */
    public String age(Instant now) {
        return age(Duration.between(madeAt, now));
    }

    static String age(Duration age) {
        long minutes = Math.max(0, age.toMinutes());
        if (minutes < 1) {
            return Math.max(0, age.toSeconds()) + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 24 * 60) {
            return minutes / 60 + " h " + minutes % 60 + " min";
        }
        return minutes / (24 * 60) + " d " + minutes % (24 * 60) / 60 + " h";
    }

    /** "made by run X 12 min ago, harness V, N runs passed on it": for the log, the report and bin/mesh-down. */
    public String describe(Instant now) {
        return "made by run " + madeBy + " " + age(now) + " ago (harness " + harness + "), " + runs + " passing run"
                + (runs == 1 ? "" : "s") + " on it, the last " + lastRun;
    }

    public String toJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("fingerprint", fingerprint);
        document.put("parts", parts);
        document.put("harness", harness);
        document.put("madeBy", madeBy);
        document.put("madeAt", madeAt.toString());
        document.put("holds", holds);
        document.put("coldStages", coldStages);
        document.put("lastRun", lastRun);
        document.put("lastRunAt", lastRunAt.toString());
        document.put("runs", runs);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    }

    /**
     * Reads a record as {@link #toJson} writes it.
     *
     * @throws IllegalArgumentException naming what is missing or malformed (a record from an older harness)
     */
    public static KeptMesh fromJson(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            Map<String, String> parts = new TreeMap<>();
            require(root, "parts").properties().forEach(e -> parts.put(e.getKey(), e.getValue().asString()));
            List<String> holds = new ArrayList<>();
            require(root, "holds").forEach(h -> holds.add(h.asString()));
            Map<String, Double> stages = new LinkedHashMap<>();
            require(root, "coldStages").properties().forEach(e -> stages.put(e.getKey(), e.getValue().asDouble()));
            return new KeptMesh(text(root, "fingerprint"), parts, text(root, "harness"), text(root, "madeBy"),
                    Instant.parse(text(root, "madeAt")), holds, stages, text(root, "lastRun"),
                    Instant.parse(text(root, "lastRunAt")), require(root, "runs").asInt());
        } catch (JacksonException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a kept-mesh record: " + e.getMessage(), e);
        }
    }

    private static JsonNode require(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("not a kept-mesh record: no '" + field + "'");
        }
        return node;
    }

    private static String text(JsonNode root, String field) {
        return require(root, field).asString();
    }
}
