package io.meshconformance.config;

/** How the clusters come to be. */
public enum Mode {
    /** Two throwaway k3s clusters in Docker, started and removed by the harness. */
    K3S,
    /** Two clusters the user already has, reached through their kubeconfigs; the harness only adds and removes its own objects. */
    EXISTING
}
