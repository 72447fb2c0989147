package io.meshconformance.doctor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * Reads a Secret's entries whether they sit in {@code data} (base64, as the API returns them) or in
 * {@code stringData} (plain, as a manifest may write them).
 */
final class SecretData {

    private SecretData() {
    }

    /** The keys of both maps, those of {@code data} first, each once. */
    static List<String> keys(Secret secret) {
        List<String> keys = new ArrayList<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            secret.getStringData().keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        }
        return keys;
    }

    /** The entry {@code key} as text, decoded from {@code data} when it is there; empty when it is nowhere. */
    static String text(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData() == null ? "" : Objects.requireNonNullElse(secret.getStringData().get(key), "");
    }
}
