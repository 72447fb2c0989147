package io.meshconformance.topology;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An IPv4 CIDR block, kept exactly as written (host bits included) so validation can say what is wrong
 * with it. IPv6 is recognised only to be refused with a clear message.
 */
public record Cidr(long address, int prefix) {

    public Cidr {
        if (address < 0 || address > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
    }

    /** Parses {@code a.b.c.d/n}; the error says what is wrong with the text, for a person. */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; write it as a.b.c.d/n, e.g. 10.10.0.0/16");
        }
        String trimmed = text.trim();
        if (trimmed.contains(":")) {
            throw new IllegalArgumentException("'" + trimmed + "' is IPv6, which this harness does not support yet;"
                    + " use an IPv4 range such as 10.10.0.0/16");
        }
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + trimmed + "' has no prefix length; write it as a.b.c.d/n,"
                    + " e.g. " + trimmed + "/16");
        }
        String addressText = trimmed.substring(0, slash);
        String prefixText = trimmed.substring(slash + 1);
        Optional<String> badAddress = Ipv4.problem(addressText, "/" + (prefixText.matches("\\d{1,3}")
                ? String.valueOf(Integer.parseInt(prefixText)) : prefixText));
        if (badAddress.isPresent()) {
            throw new IllegalArgumentException("'" + trimmed + "' " + (badAddress.get().equals(Ipv4.NOT_FOUR)
                    ? "does not start with an IPv4 address of four numbers 0-255" : badAddress.get()));
        }
        long address = Ipv4.parse(addressText).orElseThrow();
        if (!prefixText.matches("\\d{1,2}") || Integer.parseInt(prefixText) > 32) {
            throw new IllegalArgumentException("'" + trimmed + "' has prefix length '" + prefixText
                    + "'; it must be a number from 0 to 32");
        }
        if (prefixText.length() > 1 && prefixText.startsWith("0")) {
            // Go's netip.ParsePrefix, which Kubernetes' strict IP/CIDR validation (KEP-4858) uses, refuses it.
            throw new IllegalArgumentException("'" + trimmed + "' has a leading zero in its prefix length '"
                    + prefixText + "', which Go's netip.ParsePrefix (and so Kubernetes) refuses: write "
                    + addressText + "/" + Integer.parseInt(prefixText));
        }
        return new Cidr(address, Integer.parseInt(prefixText));
    }

    public long mask() {
        return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }

    public long network() {
        return address & mask();
    }

    public long broadcast() {
        return network() | (~mask() & 0xFFFF_FFFFL);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    /** True when the address has bits set beyond the prefix (10.10.1.0/16): Kubernetes rejects such ranges. */
    public boolean hasHostBits() {
        return address != network();
    }

    /** The same block written the canonical way (10.10.0.0/16 for 10.10.1.0/16). */
    /** A good cluster DNS address in this service range: the tenth address (k3s's own choice), or the second. */
    public long suggestedDns() {
        return size() > 10 ? network() + 10 : network() + 2;
    }

    public Cidr canonical() {
        return new Cidr(network(), prefix);
    }

    public boolean contains(long ip) {
        return (ip & mask()) == network();
    }

    public boolean contains(Cidr other) {
        return prefix <= other.prefix && contains(other.network());
    }

    public boolean overlaps(Cidr other) {
        return contains(other.network()) || other.contains(network());
    }

    @Override
    public String toString() {
        return Ipv4.format(address) + "/" + prefix;
    }

    /** Helpers for dotted-quad IPv4 addresses held as unsigned 32-bit values in a long. */
    public static final class Ipv4 {
        public static final String NOT_FOUR = "is not an IPv4 address of four numbers 0-255";

        private Ipv4() {
        }

        /**
         * Four decimal numbers 0-255 without leading zeros; empty for anything else. Leading zeros are refused, not
         * read as decimal: Go's net.ParseIP and net.ParseCIDR reject them since Go 1.17 (go.dev/doc/go1.17#net,
         * because inet_aton reads them as octal), so k3s refuses such a flag, and Kubernetes with
         * StrictIPCIDRValidation (KEP-4858) such an API value. Addresses read from the API never have them.
         */
        public static Optional<Long> parse(String text) {
            return problem(text).isPresent() ? Optional.empty() : Optional.of(value(text.trim()));
        }

        /**
         * Why {@code text} is not a dotted-quad IPv4 address as Go and Kubernetes read one, in words that end with
         * the fix ("is not an IPv4 address ..."); empty when it is one.
         */
        public static Optional<String> problem(String text) {
            return problem(text, "");
        }

        /** As {@link #problem(String)}; {@code suffix} follows the address in the fix ("/16" for a CIDR). */
        static Optional<String> problem(String text, String suffix) {
            String trimmed = text == null ? "" : text.trim();
            String[] parts = trimmed.split("\\.", -1);
            if (parts.length != 4) {
                return Optional.of(NOT_FOUR);
            }
            for (String part : parts) {
                if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                    return Optional.of(NOT_FOUR);
                }
            }
            for (String part : parts) {
                if (part.length() > 1 && part.startsWith("0")) {
                    String decimal = Arrays.stream(parts).map(p -> String.valueOf(Integer.parseInt(p)))
                            .collect(Collectors.joining("."));
                    return Optional.of("has a leading zero in '" + part + "', which Go's net.ParseIP and"
                            + " net.ParseCIDR (and so k3s and Kubernetes) refuse, as some systems read it as octal:"
                            + " write " + decimal + suffix + " if decimal was meant");
                }
            }
            return Optional.empty();
        }

        private static long value(String checked) {
            long value = 0;
            for (String part : checked.split("\\.")) {
                value = (value << 8) | Integer.parseInt(part);
            }
            return value;
        }

        public static String format(long ip) {
            return ((ip >> 24) & 0xFF) + "." + ((ip >> 16) & 0xFF) + "." + ((ip >> 8) & 0xFF) + "." + (ip & 0xFF);
        }
    }
}
