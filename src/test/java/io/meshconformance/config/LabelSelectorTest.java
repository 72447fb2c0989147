package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Label selectors read as kubectl's -l takes them, and shown the same way everywhere. */
class LabelSelectorTest {

    @Test
    void readsKeyValuePairsAndShowsThemSortedByKey() {
        LabelSelector selector = LabelSelector.parse(" istio=ingress , app.kubernetes.io/name=istio-ingress");
        assertEquals(Map.of("istio", "ingress", "app.kubernetes.io/name", "istio-ingress"), selector.labels());
        assertEquals("app.kubernetes.io/name=istio-ingress,istio=ingress", selector.toString());
        assertEquals("{\"app.kubernetes.io/name\": \"istio-ingress\", \"istio\": \"ingress\"}", selector.flowMapping());
        assertEquals(selector, LabelSelector.of(Map.of("istio", "ingress", "app.kubernetes.io/name", "istio-ingress")));
    }

    @Test
    void matchesObjectsCarryingEveryLabel() {
        LabelSelector selector = LabelSelector.parse("istio=ingress,app=gw");
        assertTrue(selector.matches(Map.of("istio", "ingress", "app", "gw", "other", "x")));
        assertFalse(selector.matches(Map.of("istio", "ingress")));
        assertFalse(selector.matches(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"istio", "=ingress", "istio=ingress,", "is tio=x", "istio=in gress", "-a=b", ""})
    void anythingElseIsRefusedWithTheExpectedForm(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSelector.parse(text));
        assertEquals("is not a label selector; write key=value[,key=value]", e.getMessage());
    }

    @Test
    void anEmptyValueIsALabelToo() {
        assertEquals("canary=", LabelSelector.parse("canary=").toString());
    }
}
