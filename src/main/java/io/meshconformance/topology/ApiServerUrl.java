package io.meshconformance.topology;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URL of a cluster's API server as another cluster's pods reach it: istiod in the primary reads a remote
 * through it (the server of the remote secret's kubeconfig; istio/istio {@code pkg/kube/multicluster}). The one home
 * of the rule every setting, kubeconfig and secret is held to: {@code https}, a host, and never loopback, which in
 * istiod's pod is the pod itself ({@code istioctl create-remote-secret} only warns about it, and it is the most
 * common failure with Docker-based clusters, whose kubeconfigs point at a port mapped on the host).
 */
public record ApiServerUrl(URI uri) {

    private static final String EXAMPLE = "https://10.0.0.12:6443";
    /**
     * Names for loopback besides *.localhost: the ones the /etc/hosts of a Kubernetes pod and of common
     * distributions give to 127.0.0.1 and ::1.
     */
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "localhost.localdomain", "ip6-localhost",
            "ip6-loopback");
    /** A label ending in an address written with dashes, the form sslip.io and nip.io also resolve. */
    private static final Pattern DASHED_QUAD = Pattern.compile("(?:^|-)(\\d{1,3}-\\d{1,3}-\\d{1,3}-\\d{1,3})$");

    public ApiServerUrl {
        String text = uri.toString();
        problem(text).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    /** Parses {@code text}; the exception's message says what is wrong and ends with the fix. */
    public static ApiServerUrl parse(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return new ApiServerUrl(URI.create(text));
    }

    /**
     * Why istiod's pod could not use {@code text} as another cluster's API server, in words that end with the fix;
     * empty when it can.
     */
    public static Optional<String> problem(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            String why = text.contains("://") ? MalformedUrl.reason(e) : "no https:// in front";
            return Optional.of("is not a URL (" + why + "); write it like " + EXAMPLE);
        } catch (NullPointerException e) {
            return Optional.of("is not a URL; write it like " + EXAMPLE);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("must be an https:// URL of the remote's API server as the primary's pods reach it,"
                    + " e.g. https://<remote node IP>:6443");
        }
        // URI gives no host for some forms a resolver still reads (0x7f.0.0.1, 127.1): judge the host as written.
        String host = uri.getHost() != null ? uri.getHost() : MalformedUrl.writtenHost(uri).orElse("");
        if (!host.isEmpty() && isLoopback(host)) {
            return Optional.of("points at loopback ('" + host + "'" + numericForm(host) + "), which in istiod's pod"
                    + " is the pod itself; give the remote API server's address on a network the primary's pods"
                    + " reach, e.g. https://<remote node IP>:6443");
        }
        if (uri.getHost() == null) {
            return Optional.of("is not a usable https:// URL: " + MalformedUrl.reason(uri) + "; write it like "
                    + EXAMPLE);
        }
        if (uri.getPort() > 65535 || uri.getPort() == 0) {
            return Optional.of("is not a usable https:// URL: the port " + uri.getPort() + " is not a number from 1"
                    + " to 65535; write it like " + EXAMPLE);
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
            // Never echoed: what sits there may be a password or a token.
            return Optional.of("carries " + (uri.getRawUserInfo() != null ? "a user name or password before the host"
                    : "a query after the path") + ", which an API server URL never has (istiod authenticates with the"
                    + " token of the remote secret): write only https://host:port, e.g. " + EXAMPLE);
        }
        if (inetAton(host).isPresent() && Cidr.Ipv4.problem(host).isPresent()) {
            return Optional.of("has the host '" + host + "', an IPv4 address in a form Go's net.ParseIP does not read"
                    + " (istiod would look it up as a name): write it as four decimal numbers without leading zeros,"
                    + " e.g. " + EXAMPLE);
        }
        return Optional.empty();
    }

    /**
     * True for hosts that mean "this machine" (or nothing) to whoever connects: useless to another pod. Besides
     * {@code localhost} and 127.0.0.0/8 that is every spelling a resolver maps there: a trailing dot, the IPv6
     * forms ({@code [::1]}, {@code [0:0:0:0:0:0:0:1]}, the IPv4-mapped {@code [::ffff:127.0.0.1]}), the
     * unspecified {@code 0.0.0.0} and {@code [::]}, the numeric forms glibc's inet_aton reads ({@code 0x7f.0.0.1},
     * {@code 2130706433}), and names that spell a loopback address the way wildcard DNS services such as nip.io
     * and sslip.io resolve them ({@code 127.0.0.1.nip.io}): no real API server is named so, and accepting one
     * would fail only later, inside istiod.
     */
    public static boolean isLoopback(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // the root label: "localhost." is "localhost" (RFC 1034 3.1)
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.isEmpty() || LOOPBACK_NAMES.contains(h) || h.endsWith(".localhost")) {
            return true;
        }
        if (h.contains(":")) {
            return isLoopbackIpv6(h);
        }
        OptionalLong numeric = inetAton(h);
        if (numeric.isPresent()) {
            return isLoopbackIpv4(numeric.getAsLong());
        }
        return spellsLoopback(h);
    }

    /** Whether the URL {@code text} names a loopback host; false for text that is not a URL. */
    public static boolean pointsAtLoopback(String text) {
        try {
            URI uri = URI.create(text);
            String host = uri.getHost() != null ? uri.getHost() : MalformedUrl.writtenHost(uri).orElse(null);
            return host != null && isLoopback(host);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /**
     * An IPv6 literal: loopback ::1 or unspecified :: in any spelling, IPv4-mapped ones included. A text with a
     * ':' is parsed as a literal by {@link InetAddress}, never looked up.
     */
    private static boolean isLoopbackIpv6(String literal) {
        int zone = literal.indexOf('%');
        try {
            InetAddress address = InetAddress.getByName(zone < 0 ? literal : literal.substring(0, zone));
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** 127.0.0.0/8, and 0.0.0.0, which a connection reaches as this host. */
    private static boolean isLoopbackIpv4(long address) {
        return address >>> 24 == 127 || address == 0;
    }

    /**
     * A name holding a loopback address as four labels (127.0.0.1.nip.io, app.127.0.0.1.sslip.io) or as one label
     * with dashes (127-0-0-1.sslip.io, app-127-0-0-1.nip.io): the forms nip.io and sslip.io resolve to it.
     */
    private static boolean spellsLoopback(String name) {
        String[] labels = name.split("\\.", -1);
        for (int i = 0; i + 4 <= labels.length; i++) {
            String quad = String.join(".", Arrays.asList(labels).subList(i, i + 4));
            if (Cidr.Ipv4.parse(quad).filter(ApiServerUrl::isLoopbackIpv4).isPresent()) {
                return true;
            }
        }
        for (String label : labels) {
            Matcher dashed = DASHED_QUAD.matcher(label);
            if (dashed.find() && Cidr.Ipv4.parse(dashed.group(1).replace('-', '.'))
                    .filter(ApiServerUrl::isLoopbackIpv4).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The IPv4 address glibc's inet_aton reads in {@code host} (and so getaddrinfo, curl, and Go's cgo resolver):
     * one to four parts, each decimal, octal (leading 0) or hex (0x), the last filling the remaining bytes, so
     * that 127.1, 0x7f.0.0.1, 0177.0.0.1 and 2130706433 are all 127.0.0.1. Empty when it is not such a number.
     */
    static OptionalLong inetAton(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return OptionalLong.empty();
        }
        long address = 0;
        for (int i = 0; i < parts.length; i++) {
            OptionalLong part = number(parts[i]);
            boolean last = i == parts.length - 1;
            long max = last ? (1L << (8 * (5 - parts.length))) - 1 : 255;
            if (part.isEmpty() || part.getAsLong() > max) {
                return OptionalLong.empty();
            }
            address = last ? (address << (8 * (5 - parts.length))) | part.getAsLong() : (address << 8) | part.getAsLong();
        }
        return OptionalLong.of(address);
    }

    private static OptionalLong number(String part) {
        String lower = part.toLowerCase(Locale.ROOT);
        if (lower.matches("0x[0-9a-f]{1,8}")) {
            return OptionalLong.of(Long.parseLong(lower.substring(2), 16));
        }
        if (lower.matches("0[0-7]{0,11}")) {
            return OptionalLong.of(Long.parseLong(lower, 8));
        }
        if (lower.matches("[1-9][0-9]{0,9}")) {
            return OptionalLong.of(Long.parseLong(lower));
        }
        return OptionalLong.empty();
    }

    /** " is 127.0.0.1" for a numeric host not written as four decimal numbers; empty otherwise. */
    private static String numericForm(String host) {
        OptionalLong ip = inetAton(host);
        return ip.isPresent() && !Cidr.Ipv4.format(ip.getAsLong()).equals(host)
                ? " is " + Cidr.Ipv4.format(ip.getAsLong()) : "";
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
