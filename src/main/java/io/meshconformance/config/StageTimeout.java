package io.meshconformance.config;

import java.time.Duration;

/** The stages that have their own bounded wait, their setting ({@code mesh.timeout.<stage>}) and default. */
public enum StageTimeout {
    CLUSTERS("clusters", Duration.ofMinutes(5), "k3s containers started and their nodes Ready"),
    ISTIO("istio", Duration.ofMinutes(5), "Istio primary and remote installed and ready"),
    ATTACH("attach", Duration.ofMinutes(3), "remote attached: token filled, istiod reports it synced"),
    BOOKINFO("bookinfo", Duration.ofMinutes(5), "Bookinfo pods ready in both clusters"),
    VERDICT("verdict", Duration.ofMinutes(3), "registry and page verdicts converge");

    private final String key;
    private final Duration defaultTimeout;
    private final String covers;

    StageTimeout(String key, Duration defaultTimeout, String covers) {
        this.key = key;
        this.defaultTimeout = defaultTimeout;
        this.covers = covers;
    }

    public String settingKey() {
        return Keys.TIMEOUT_PREFIX + key;
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    public String covers() {
        return covers;
    }
}
