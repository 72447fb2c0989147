package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.meshconformance.config.LabelSelector;
import org.junit.jupiter.api.Test;

/** The control plane a run uses: its pods' labels, its names, and the label the run's namespaces get. */
class IstiodRevisionTest {

    static final IstiodRevision REVISION = new IstiodRevision("istio-system", Optional.of("1-30-3"), Optional.empty(),
            IstiodRevision.Found.ONLY_ONE);
    static final IstiodRevision TAGGED = new IstiodRevision("istio-cp", Optional.of("1-30-3"), Optional.of("prod"),
            IstiodRevision.Found.GIVEN_TAG);
    static final IstiodRevision DEFAULT = new IstiodRevision("istio-system", Optional.empty(), Optional.empty(),
            IstiodRevision.Found.ONLY_ONE);

    @Test
    void whatTheRunInstallsIsIstioSystemWithoutARevision() {
        IstiodRevision installed = IstiodRevision.installedByRun();
        assertEquals(IstioPlan.NAMESPACE, installed.namespace());
        assertEquals(Optional.empty(), installed.revision());
        assertEquals(Optional.empty(), installed.tag());
        assertEquals(IstiodRevision.Found.INSTALLED, installed.found());
        assertEquals(LabelSelector.of("istio-injection", "enabled"), installed.injectionLabel());
    }

    @Test
    void podSelectorAddsTheRevisionWhenThereIsOne() {
        assertEquals("app=istiod,istio.io/rev=1-30-3", REVISION.podSelector().toString());
        assertEquals("app=istiod,istio.io/rev=1-30-3", TAGGED.podSelector().toString(), "the revision, not the tag");
        assertEquals("app=istiod,istio.io/rev=default", DEFAULT.podSelector().toString(),
                "the chart labels the default revision's pods istio.io/rev=default");
    }

    @Test
    void injectionLabelIsTheTagOrTheRevisionOrTheLegacyLabel() {
        assertEquals(LabelSelector.of("istio.io/rev", "1-30-3"), REVISION.injectionLabel());
        assertEquals(LabelSelector.of("istio.io/rev", "prod"), TAGGED.injectionLabel());
        assertEquals(LabelSelector.of("istio-injection", "enabled"), DEFAULT.injectionLabel());
        IstiodRevision defaultTag = new IstiodRevision("istio-system", Optional.empty(), Optional.of("default"),
                IstiodRevision.Found.GIVEN_TAG);
        assertEquals(LabelSelector.of("istio.io/rev", "default"), defaultTag.injectionLabel());
    }

    @Test
    void namesFollowTheChart() {
        assertEquals("istiod-1-30-3", REVISION.istiodName());
        assertEquals("istiod-1-30-3", TAGGED.istiodName());
        assertEquals("istiod", DEFAULT.istiodName());
        assertEquals("1-30-3", REVISION.revLabelValue());
        assertEquals("default", DEFAULT.revLabelValue());
    }

    @Test
    void theDefaultRevisionIsWrittenAsNone() {
        assertEquals(Optional.empty(), IstiodRevision.revisionOf("default"));
        assertEquals(Optional.empty(), IstiodRevision.revisionOf(null));
        assertEquals(Optional.of("canary"), IstiodRevision.revisionOf("canary"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IstiodRevision(
                "istio-system", Optional.of("default"), Optional.empty(), IstiodRevision.Found.ONLY_ONE));
        assertTrue(e.getMessage().contains("no revision"), e.getMessage());
    }

    @Test
    void recognisesItsOwnIstiodAmongOthers() {
        assertTrue(REVISION.isIstiod(Map.of("app", "istiod", "istio.io/rev", "1-30-3")));
        assertFalse(REVISION.isIstiod(Map.of("app", "istiod", "istio.io/rev", "1-29-0")));
        assertFalse(REVISION.isIstiod(Map.of("app", "istiod")));
        assertFalse(REVISION.isIstiod(Map.of("istio.io/rev", "1-30-3")), "not istiod");
        assertTrue(DEFAULT.isIstiod(Map.of("app", "istiod", "istio.io/rev", "default")));
        assertTrue(DEFAULT.isIstiod(Map.of("app", "istiod")), "an istiod without the label is the default one");
        assertFalse(DEFAULT.isIstiod(Map.of("app", "istiod", "istio.io/rev", "1-30-3")));
        assertFalse(DEFAULT.isIstiod(null));
        Map<String, String> nullValue = new HashMap<>(Map.of("app", "istiod"));
        assertFalse(REVISION.isIstiod(nullValue));
    }

    @Test
    void describesItselfInOneLine() {
        assertEquals("istiod revision 1-30-3 in istio-system (the only istiod there); the run's namespaces are"
                + " labelled istio.io/rev=1-30-3", REVISION.describe());
        assertEquals("istiod revision 1-30-3 through tag prod in istio-cp (mesh.istio.revision names a revision tag);"
                + " the run's namespaces are labelled istio.io/rev=prod", TAGGED.describe());
        assertEquals("istiod without a revision (istio.io/rev=default) in istio-system (installed by this run); the"
                + " run's namespaces are labelled istio-injection=enabled", IstiodRevision.installedByRun().describe());
        assertFalse(REVISION.describe().contains("\n"));
    }
}
