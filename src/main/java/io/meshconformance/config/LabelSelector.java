package io.meshconformance.config;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Labels that select pods, written as kubectl's {@code -l} takes them ({@code key=value[,key=value]}); kept sorted by
 * key, so a selector reads the same in settings, messages and manifests.
 */
public record LabelSelector(SortedMap<String, String> labels) {

    /** A label key: an optional DNS-subdomain prefix and a name (Kubernetes object labels). */
    private static final Pattern KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    public LabelSelector {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a label selector needs at least one key=value");
        }
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    public static LabelSelector of(Map<String, String> labels) {
        return new LabelSelector(new TreeMap<>(labels));
    }

    public static LabelSelector of(String key, String value) {
        return of(Map.of(key, value));
    }

    /** Reads {@code key=value[,key=value]}; the exception says what form is expected. */
    public static LabelSelector parse(String text) {
        SortedMap<String, String> labels = new TreeMap<>();
        for (String pair : Objects.requireNonNullElse(text, "").split(",", -1)) {
            String[] kv = pair.trim().split("=", 2);
            if (kv.length != 2 || !KEY.matcher(kv[0].trim()).matches() || !VALUE.matcher(kv[1].trim()).matches()) {
                throw new IllegalArgumentException("is not a label selector; write key=value[,key=value]");
            }
            labels.put(kv[0].trim(), kv[1].trim());
        }
        return new LabelSelector(labels);
    }

    /** Whether an object with {@code objectLabels} carries every label of this selector. */
    public boolean matches(Map<String, String> objectLabels) {
        Map<String, String> present = objectLabels == null ? Map.of() : objectLabels;
        return labels.entrySet().stream().allMatch(e -> e.getValue().equals(present.get(e.getKey())));
    }

    /** As a YAML/JSON flow mapping, for a manifest's selector: {@code {"istio": "ingressgateway"}}. */
    public String flowMapping() {
        return labels.entrySet().stream().map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** {@code key=value,key=value}, as kubectl's {@code -l} takes it. */
    @Override
    public String toString() {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
