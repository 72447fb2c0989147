package io.meshconformance.istio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One Helm release to install: which chart, where, with which values (dotted keys as for {@code --set}).
 *
 * @param cluster   the cluster it goes to, by topology name
 * @param name      release name
 * @param chart     chart of the Istio repository: {@code base}, {@code istiod} or {@code gateway}
 * @param namespace target namespace
 * @param values    {@code --set} values in the order they are applied; no secrets ever
 */
public record HelmRelease(String cluster, String name, String chart, String namespace, Map<String, String> values) {

    public HelmRelease {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The values as a YAML document of {@code key: value} lines, for the report. */
    public String valuesText() {
        if (values.isEmpty()) {
            return "# no values: chart defaults\n";
        }
        return values.entrySet().stream().map(e -> e.getKey() + ": " + quote(e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The equivalent helm command line, for people reproducing a step by hand. */
    public String commandLine(String version) {
        StringBuilder text = new StringBuilder("helm install " + name + " istio/" + chart + " --version " + version
                + " -n " + namespace);
        values.forEach((k, v) -> text.append(" --set ").append(k).append('=').append(v));
        return text.toString();
    }

    @Override
    public String toString() {
        return cluster + "/" + namespace + "/" + name + " (" + chart + ")";
    }

    private static String quote(String value) {
        return value.matches("[A-Za-z0-9./_-]+") && !value.matches("true|false|\\d+") ? value : "\"" + value + "\"";
    }
}
