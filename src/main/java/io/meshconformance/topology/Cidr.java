package io.meshconformance.topology;

import java.util.Optional;

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
        long address = Ipv4.parse(trimmed.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException("'" + trimmed + "' does not start with an IPv4"
                        + " address of four numbers 0-255"));
        String prefixText = trimmed.substring(slash + 1);
        if (!prefixText.matches("\\d{1,2}") || Integer.parseInt(prefixText) > 32) {
            throw new IllegalArgumentException("'" + trimmed + "' has prefix length '" + prefixText
                    + "'; it must be a number from 0 to 32");
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
        private Ipv4() {
        }

        public static Optional<Long> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            String[] parts = text.trim().split("\\.", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            long value = 0;
            for (String part : parts) {
                if (!part.matches("\\d{1,3}")) {
                    return Optional.empty();
                }
                int octet = Integer.parseInt(part);
                if (octet > 255) {
                    return Optional.empty();
                }
                value = (value << 8) | octet;
            }
            return Optional.of(value);
        }

        public static String format(long ip) {
            return ((ip >> 24) & 0xFF) + "." + ((ip >> 16) & 0xFF) + "." + ((ip >> 8) & 0xFF) + "." + (ip & 0xFF);
        }
    }
}
