package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

/** Unit tier: a remote secret's entries are found whether written as data or as stringData. */
class SecretDataTest {

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dataIsDecoded() {
        Secret secret = new SecretBuilder().addToData("remote", base64("apiVersion: v1")).build();
        assertEquals(List.of("remote"), SecretData.keys(secret));
        assertEquals("apiVersion: v1", SecretData.text(secret, "remote"));
    }

    @Test
    void stringDataIsReadAsItIs() {
        Secret secret = new SecretBuilder().addToStringData("remote", "apiVersion: v1").build();
        assertEquals(List.of("remote"), SecretData.keys(secret));
        assertEquals("apiVersion: v1", SecretData.text(secret, "remote"));
    }

    @Test
    void aKeyInBothIsListedOnceAndDataWins() {
        Secret secret = new SecretBuilder().addToData("remote", base64("from data"))
                .addToStringData("remote", "from stringData").addToStringData("other", "x").build();
        assertEquals(List.of("remote", "other"), SecretData.keys(secret));
        assertEquals("from data", SecretData.text(secret, "remote"));
        assertEquals("x", SecretData.text(secret, "other"));
    }

    @Test
    void anAbsentKeyReadsAsEmpty() {
        assertEquals(List.of(), SecretData.keys(new Secret()));
        assertEquals("", SecretData.text(new Secret(), "remote"));
        assertEquals("", SecretData.text(new SecretBuilder().addToStringData("other", "x").build(), "remote"));
    }
}
