package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kubernetes label selector semantics, operator by operator, and Istio's injector selectors as the chart writes them. */
class SelectorMatchTest {

    static LabelSelectorRequirement expr(String key, String operator, String... values) {
        return new LabelSelectorRequirement(key, operator, values.length == 0 ? null : List.of(values));
    }

    static LabelSelector expressions(LabelSelectorRequirement... expressions) {
        return new LabelSelectorBuilder().withMatchExpressions(expressions).build();
    }

    static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new HashMap<>();
        for (String pair : pairs) {
            String[] kv = pair.split("=", 2);
            labels.put(kv[0], kv[1]);
        }
        return labels;
    }

    @Test
    void anAbsentSelectorSelectsEverything() {
        assertTrue(SelectorMatch.matches(null, labels()));
        assertTrue(SelectorMatch.matches(null, labels("a=b")));
        assertTrue(SelectorMatch.matches(null, null));
    }

    @Test
    void anEmptySelectorSelectsEverything() {
        assertTrue(SelectorMatch.matches(new LabelSelector(), labels()));
        assertTrue(SelectorMatch.matches(new LabelSelector(), labels("a=b")));
        assertTrue(SelectorMatch.matches(new LabelSelectorBuilder().withMatchLabels(Map.of()).build(), labels("x=y")));
    }

    @Test
    void matchLabelsNeedEveryPairWithItsValue() {
        LabelSelector legacy = new LabelSelectorBuilder().withMatchLabels(Map.of("istio-injection", "enabled",
                "team", "a")).build();
        assertTrue(SelectorMatch.matches(legacy, labels("istio-injection=enabled", "team=a", "other=x")));
        assertFalse(SelectorMatch.matches(legacy, labels("istio-injection=enabled")), "one pair missing");
        assertFalse(SelectorMatch.matches(legacy, labels("istio-injection=disabled", "team=a")), "another value");
        assertFalse(SelectorMatch.matches(legacy, labels()));
        assertFalse(SelectorMatch.matches(legacy, null));
    }

    @ParameterizedTest(name = "{0} {1} [{2}] on {3}: {4}")
    @CsvSource(delimiter = '|', value = {
        "env | In           | a,b | env=a   | true",
        "env | In           | a,b | env=b   | true",
        "env | In           | a,b | env=c   | false",
        "env | In           | a,b | other=a | false",
        "env | In           | a,b | env=    | false",
        "env | NotIn        | a,b | env=c   | true",
        "env | NotIn        | a,b | env=a   | false",
        "env | NotIn        | a,b | env=b   | false",
        "env | NotIn        | a,b | other=a | true",
        "env | Exists       |     | env=a   | true",
        "env | Exists       |     | env=    | true",
        "env | Exists       |     | other=a | false",
        "env | DoesNotExist |     | other=a | true",
        "env | DoesNotExist |     | env=a   | false",
        "env | DoesNotExist |     | env=    | false",
    })
    void eachOperator(String key, String operator, String values, String label, boolean expected) {
        LabelSelectorRequirement e = values == null ? expr(key, operator) : expr(key, operator, values.split(","));
        String[] kv = label.split("=", -1);
        Map<String, String> labels = new HashMap<>(Map.of(kv[0], kv[1]));
        assertEquals(expected, SelectorMatch.matches(expressions(e), labels));
    }

    @Test
    void everyExpressionAndEveryPairMustHold() {
        LabelSelector both = new LabelSelectorBuilder().withMatchLabels(Map.of("a", "1"))
                .withMatchExpressions(expr("b", "Exists"), expr("c", "DoesNotExist")).build();
        assertTrue(SelectorMatch.matches(both, labels("a=1", "b=x")));
        assertFalse(SelectorMatch.matches(both, labels("b=x")), "the pair fails");
        assertFalse(SelectorMatch.matches(both, labels("a=1")), "the first expression fails");
        assertFalse(SelectorMatch.matches(both, labels("a=1", "b=x", "c=y")), "the last expression fails");
    }

    /** istio/istio 1.30.3 istio-discovery templates/mutatingwebhook.yaml, webhook rev.namespace of revision 1-30-3. */
    static final LabelSelector REVISION_WEBHOOK = expressions(expr("istio.io/rev", "In", "1-30-3"),
            expr("istio-injection", "DoesNotExist"));
    /** The same file, webhook namespace of the default revision. */
    static final LabelSelector LEGACY_WEBHOOK = expressions(expr("istio-injection", "In", "enabled"));

    @Test
    void aRevisionWebhookSelectsItsRevisionOnly() {
        assertTrue(SelectorMatch.matches(REVISION_WEBHOOK, labels("istio.io/rev=1-30-3",
                "kubernetes.io/metadata.name=bookinfo-r1")));
        assertFalse(SelectorMatch.matches(REVISION_WEBHOOK, labels("istio.io/rev=1-29-0")));
        assertFalse(SelectorMatch.matches(REVISION_WEBHOOK, labels("kubernetes.io/metadata.name=bookinfo-r1")));
    }

    @Test
    void theLegacyLabelWinsOverTheRevisionLabel() {
        Map<String, String> both = labels("istio.io/rev=1-30-3", "istio-injection=enabled");
        assertFalse(SelectorMatch.matches(REVISION_WEBHOOK, both), "the revision's webhook steps back");
        assertTrue(SelectorMatch.matches(LEGACY_WEBHOOK, both), "the default revision's takes the namespace");
        assertFalse(SelectorMatch.matches(REVISION_WEBHOOK, labels("istio.io/rev=1-30-3",
                "istio-injection=disabled")), "even disabled, the legacy label keeps the revision's webhook out");
    }

    @Test
    void operatorsAreCaseSensitiveAndUnknownOnesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SelectorMatch.matches(expressions(expr("env", "in", "a")), labels("env=a")));
        assertEquals("the selector's expression on 'env' has operator 'in', which is none of In, NotIn, Exists,"
                + " DoesNotExist", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SelectorMatch.matches(
                expressions(new LabelSelectorRequirement("env", null, null)), labels())).getMessage()
                .contains("operator '(none)'"));
    }

    @Test
    void expressionsTheApiServerWouldRefuseAreNamed() {
        assertEquals("the selector's expression on 'env' has operator In but no values; the API server requires at"
                + " least one", assertThrows(IllegalArgumentException.class, () -> SelectorMatch.matches(
                expressions(expr("env", "In")), labels("env=a"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SelectorMatch.matches(
                expressions(new LabelSelectorRequirement("env", "NotIn", List.of())), labels()));
        assertEquals("the selector's expression on 'env' has operator Exists and values [a]; the API server allows"
                + " none with it", assertThrows(IllegalArgumentException.class, () -> SelectorMatch.matches(
                expressions(expr("env", "Exists", "a")), labels("env=a"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SelectorMatch.matches(
                expressions(expr("env", "DoesNotExist", "a")), labels()));
    }
}
