package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"90s, PT1M30S", "5m, PT5M", "1h30m, PT1H30M", "500ms, PT0.5S", "PT2M, PT2M", "pt10s, PT10S"})
    void readsWhatPeopleWrite(String text, String iso) {
        assertEquals(Duration.parse(iso), Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"PT1M30S, 1m30s", "PT5M, 5m", "PT1H, 1h", "PT0.25S, 250ms"})
    void formatsTheShortestForm(String iso, String text) {
        assertEquals(text, Durations.format(Duration.parse(iso)));
        assertEquals(Duration.parse(iso), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5 m", "m5", "-5m", "0s", "5d", "P", "5m3"})
    void refusesTheRest(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"24h", "1440m", "86400s", "PT24H", "23h59m60s", "86400000ms"})
    void aDayIsTheLongestAccepted(String text) {
        assertEquals(Durations.MAX, Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"25h", "24h1ms", "3000000h", "9999999999999999h", "99999999999999999999999h",
        "PT9999999999999H", "PT25H", "P2D", "9223372036854775807ms", "153722867280912931m1h"})
    void longerOnesAreRefusedWithTheBoundAndNeverOverflow(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals("is longer than 24h, the most a wait of this harness can be given (longer ones overflow the"
                + " arithmetic of every wait); give at most 24h, e.g. 30m", e.getMessage());
    }
}
