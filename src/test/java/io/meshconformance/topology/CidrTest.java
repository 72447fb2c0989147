package io.meshconformance.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void parsesAndComputesNetworkAndBroadcast() {
        Cidr cidr = Cidr.parse("10.255.10.0/24");
        assertEquals("10.255.10.0", Cidr.Ipv4.format(cidr.network()));
        assertEquals("10.255.10.255", Cidr.Ipv4.format(cidr.broadcast()));
        assertEquals(256, cidr.size());
        assertFalse(cidr.hasHostBits());
        assertEquals("10.255.10.0/24", cidr.toString());
    }

    @Test
    void keepsHostBitsSoValidationCanNameThem() {
        Cidr cidr = Cidr.parse("10.10.1.0/16");
        assertTrue(cidr.hasHostBits());
        assertEquals("10.10.0.0/16", cidr.canonical().toString());
        assertEquals("10.10.1.0/16", cidr.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "10.10.0.0/16, 10.10.255.0/24, true",
        "10.10.0.0/16, 10.11.0.0/16, false",
        "172.16.0.0/16, 172.19.0.0/20, false",
        "172.20.0.0/16, 172.21.0.0/20, false",
        "0.0.0.0/0, 192.168.1.0/24, true",
        "10.255.10.0/24, 10.255.10.128/25, true",
    })
    void overlapIsSymmetric(String a, String b, boolean overlap) {
        assertEquals(overlap, Cidr.parse(a).overlaps(Cidr.parse(b)));
        assertEquals(overlap, Cidr.parse(b).overlaps(Cidr.parse(a)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.10.0.0|no prefix length",
        "10.10.0/16|four numbers",
        "10.10.0.256/16|four numbers",
        "10.10.0.0/33|from 0 to 32",
        "10.10.0.0/ab|from 0 to 32",
        "fd00::/64|IPv6",
        "010.0.0.0/8|has a leading zero in '010', which Go's net.ParseIP and net.ParseCIDR (and so k3s and"
                + " Kubernetes) refuse, as some systems read it as octal: write 10.0.0.0/8 if decimal was meant",
        "10.10.0.00/16|leading zero in '00'",
        "10.0.0.0/08|has a leading zero in its prefix length '08', which Go's netip.ParsePrefix (and so"
                + " Kubernetes) refuses: write 10.0.0.0/8",
        "' '|empty",
    })
    void refusesBadSyntaxWithAReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10.010.0.1|10.10.0.1", "010.0.0.1|10.0.0.1", "10.0.0.00|10.0.0.0",
        "127.000.000.001|127.0.0.1"})
    void addressesWithLeadingZerosAreRefusedWithTheDecimalForm(String text, String decimal) {
        assertTrue(Cidr.Ipv4.parse(text).isEmpty(), text);
        String reason = Cidr.Ipv4.problem(text).orElseThrow();
        assertTrue(reason.startsWith("has a leading zero in '0"), reason);
        assertTrue(reason.endsWith("as octal: write " + decimal + " if decimal was meant"), reason);
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0, 0", "10.0.0.1, 167772161", "255.255.255.255, 4294967295", "' 10.255.10.10 ', 184486410"})
    void plainDecimalAddressesAreRead(String text, long value) {
        assertEquals(value, Cidr.Ipv4.parse(text).orElseThrow());
        assertTrue(Cidr.Ipv4.problem(text).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.0.1", "10.0.0.256", "0x0a.0.0.1", "10.0.0.-1", "1e1.0.0.1",
        "167772161", "10..0.1", "10.0.0.1 1"})
    void anythingElseIsNotFourNumbers(String text) {
        assertTrue(Cidr.Ipv4.parse(text).isEmpty(), text);
        assertEquals("is not an IPv4 address of four numbers 0-255", Cidr.Ipv4.problem(text).orElseThrow());
    }

    @Test
    void edgesOfTheAddressSpace() {
        Cidr all = Cidr.parse("0.0.0.0/0");
        assertEquals(1L << 32, all.size());
        assertTrue(all.contains(Cidr.Ipv4.parse("255.255.255.255").orElseThrow()));
        Cidr host = Cidr.parse("192.168.1.7/32");
        assertEquals(host.network(), host.broadcast());
    }

    @Test
    void theSuggestionForALeadingZeroIsItselfValid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("010.0.0.0/016"));
        assertTrue(e.getMessage().endsWith("write 10.0.0.0/16 if decimal was meant"), e.getMessage());
        Cidr.parse("10.0.0.0/16");
    }
}
