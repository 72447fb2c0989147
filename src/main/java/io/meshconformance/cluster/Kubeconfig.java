package io.meshconformance.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.meshconformance.topology.InputFile;

/**
 * A kubeconfig read as kubectl reads it: its contexts, the current one, and each context's cluster, server and user.
 * Pure: it reads text and never connects, runs a credential plugin or opens a file the kubeconfig names. The one
 * reader of kubeconfigs in the harness (the user's, and those inside remote secrets).
 */
public final class Kubeconfig {

    /**
     * The largest kubeconfig read (as the settings check it): one of a cluster or two is a few KiB; a larger file is
     * refused before it is parsed, so no input can keep the parser busy for long.
     */
    public static final int MAX_BYTES = 1 << 20;
    private static final InputFile.Kind FILE = new InputFile.Kind("the kubeconfig kubectl uses for that cluster"
            + " (kubectl config view --raw --minify > FILE)", MAX_BYTES, "a kubeconfig of one cluster is a few KiB");

    private final Config config;

    private Kubeconfig(Config config) {
        this.config = config;
    }

    /** Reads the kubeconfig file {@code file}: a regular file of UTF-8 text of at most {@link #MAX_BYTES}. */
    public static Kubeconfig read(Path file) {
        return parse(InputFile.read(file, FILE));
    }

    /** Reads {@code text}; the exception's message is the parser's first line, never the text itself. */
    public static Kubeconfig parse(String text) {
        if (text.length() > MAX_BYTES) {
            throw new IllegalArgumentException("is " + text.length() / 1024 + " KiB, more than the "
                    + MAX_BYTES / 1024 / 1024 + " MiB a kubeconfig may have here");
        }
        Config config;
        try {
            config = KubeConfigUtils.parseConfigFromString(text);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException(message.lines().findFirst().orElse(message), e);
        } catch (StackOverflowError e) {
            // The YAML parser recurses once per level: thousands of nested [ or { exhaust the stack.
            throw new IllegalArgumentException("its YAML is nested thousands of levels deep, which no kubeconfig is");
        }
        if (config == null) {
            throw new IllegalArgumentException("the text holds no kubeconfig");
        }
        return new Kubeconfig(config);
    }

    public List<String> contextNames() {
        return contexts().stream().map(NamedContext::getName).toList();
    }

    public Optional<String> currentContext() {
        return Optional.ofNullable(config.getCurrentContext()).filter(c -> !c.isBlank());
    }

    public boolean hasContext(String name) {
        return contexts().stream().anyMatch(c -> Objects.equals(name, c.getName()));
    }

    /** The name of the cluster that context {@code name} uses; empty when the context or its cluster is not set. */
    public Optional<String> clusterOf(String context) {
        return named(context).map(NamedContext::getContext).map(c -> c.getCluster());
    }

    /** The server of the cluster that context {@code context} uses, as written. */
    public Optional<String> server(String context) {
        Optional<String> cluster = clusterOf(context);
        return cluster.flatMap(name -> clusters().stream().filter(c -> Objects.equals(c.getName(), name)).findFirst())
                .map(NamedCluster::getCluster).map(Cluster::getServer);
    }

    /** The first server the file names: a remote secret's kubeconfig has one cluster. */
    public Optional<String> firstServer() {
        return clusters().stream().map(NamedCluster::getCluster).filter(Objects::nonNull).map(Cluster::getServer)
                .filter(Objects::nonNull).findFirst();
    }

    /** The command of the credential plugin ({@code exec}) of the user that context {@code context} uses, if any. */
    public Optional<String> execCommand(String context) {
        Optional<String> user = named(context).map(NamedContext::getContext).map(c -> c.getUser());
        return user.flatMap(name -> Objects.requireNonNullElse(config.getUsers(), List.<NamedAuthInfo>of()).stream()
                .filter(u -> Objects.equals(u.getName(), name)).findFirst())
                .map(NamedAuthInfo::getUser).map(AuthInfo::getExec).map(exec -> exec.getCommand())
                .filter(command -> command != null && !command.isBlank());
    }

    /**
     * The contexts, clusters and users as the file names them, for readers that judge the whole file (as client-go's
     * validation does); the objects are the parser's, to read and never to change.
     */
    public List<NamedContext> namedContexts() {
        return contexts().stream().filter(Objects::nonNull).toList();
    }

    /** See {@link #namedContexts()}. */
    public List<NamedCluster> namedClusters() {
        return clusters().stream().filter(Objects::nonNull).toList();
    }

    /** See {@link #namedContexts()}. */
    public List<NamedAuthInfo> namedUsers() {
        return Objects.requireNonNullElse(config.getUsers(), List.<NamedAuthInfo>of()).stream()
                .filter(Objects::nonNull).toList();
    }

    /** The credentials of every user of the file. */
    public List<AuthInfo> users() {
        return Objects.requireNonNullElse(config.getUsers(), List.<NamedAuthInfo>of()).stream()
                .map(NamedAuthInfo::getUser).filter(Objects::nonNull).toList();
    }

    /**
     * A copy holding only context {@code context}, its cluster and its user, with that context current: whoever gets
     * it gets no other credentials of the file.
     */
    public Kubeconfig narrowedTo(String context) {
        Kubeconfig copy = parse(yaml());
        NamedContext chosen = copy.named(context).orElseThrow(() -> new IllegalArgumentException("no context '"
                + context + "' in this kubeconfig"));
        String cluster = chosen.getContext() == null ? null : chosen.getContext().getCluster();
        String user = chosen.getContext() == null ? null : chosen.getContext().getUser();
        copy.config.setContexts(List.of(chosen));
        copy.config.setClusters(copy.clusters().stream().filter(c -> Objects.equals(c.getName(), cluster)).toList());
        copy.config.setUsers(Objects.requireNonNullElse(copy.config.getUsers(), List.<NamedAuthInfo>of()).stream()
                .filter(u -> Objects.equals(u.getName(), user)).toList());
        copy.config.setCurrentContext(context);
        return copy;
    }

    /**
     * A copy whose clusters are all served at {@code server}, with its first context current: k3s writes its
     * kubeconfig for 127.0.0.1:6443 inside the node, which the host reaches on the port Docker maps.
     */
    public Kubeconfig servedAt(String server) {
        Kubeconfig copy = parse(yaml());
        copy.clusters().forEach(c -> c.getCluster().setServer(server));
        copy.contexts().stream().findFirst().ifPresent(c -> copy.config.setCurrentContext(c.getName()));
        return copy;
    }

    /** As YAML; holds whatever credentials the file holds, so it is never printed. */
    public String yaml() {
        return Serialization.asYaml(config);
    }

    /** Never the content: it holds credentials. */
    @Override
    public String toString() {
        return "Kubeconfig" + contextNames();
    }

    private List<NamedContext> contexts() {
        return Objects.requireNonNullElse(config.getContexts(), List.of());
    }

    private List<NamedCluster> clusters() {
        return Objects.requireNonNullElse(config.getClusters(), List.of());
    }

    private Optional<NamedContext> named(String name) {
        return contexts().stream().filter(c -> Objects.equals(name, c.getName())).findFirst();
    }
}
