package io.meshconformance.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

/**
 * Whether a Kubernetes label selector (matchLabels and matchExpressions) selects an object with given labels, by the
 * API's rules (k8s.io/apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector, pkg/labels/selector.go
 * Requirement.Matches): every matchLabels pair and every expression must hold; In needs the key with one of the
 * values, NotIn holds when the key is absent or its value is none of them, Exists and DoesNotExist ask only for the
 * key. An absent selector selects everything, as the API server defaults a webhook's absent namespaceSelector to the
 * empty selector (k8s.io/api admissionregistration/v1 types.go, MutatingWebhook.NamespaceSelector). Pure.
 */
public final class SelectorMatch {

    private SelectorMatch() {
    }

    /**
     * @throws IllegalArgumentException for a selector the API server would not accept (an unknown operator, In or
     *     NotIn without values, Exists or DoesNotExist with values), naming it
     */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> present = Objects.requireNonNullElse(labels, Map.of());
        Map<String, String> wanted = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
        for (Map.Entry<String, String> pair : wanted.entrySet()) {
            if (!pair.getValue().equals(present.get(pair.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement expression : Objects.requireNonNullElse(selector.getMatchExpressions(),
                List.<LabelSelectorRequirement>of())) {
            if (!holds(expression, present)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(LabelSelectorRequirement expression, Map<String, String> labels) {
        String key = expression.getKey();
        List<String> values = Objects.requireNonNullElse(expression.getValues(), List.of());
        String operator = Objects.requireNonNullElse(expression.getOperator(), "(none)");
        switch (operator) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    throw new IllegalArgumentException("the selector's expression on '" + key + "' has operator "
                            + operator + " but no values; the API server requires at least one");
                }
                boolean in = labels.containsKey(key) && values.contains(labels.get(key));
                return operator.equals("In") == in;
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    throw new IllegalArgumentException("the selector's expression on '" + key + "' has operator "
                            + operator + " and values " + values + "; the API server allows none with it");
                }
                return operator.equals("Exists") == labels.containsKey(key);
            }
            default -> throw new IllegalArgumentException("the selector's expression on '" + key + "' has operator '"
                    + operator + "', which is none of In, NotIn, Exists, DoesNotExist");
        }
    }
}
