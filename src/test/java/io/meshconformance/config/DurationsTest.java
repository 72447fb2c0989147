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
}
