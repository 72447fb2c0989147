package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** URL user-info, query and fragment values, found by hand. */
class UrlRedactionTest {

    static String all(String text) {
        return UrlRedaction.apply(text, true);
    }

    static String userInfo(String text) {
        return UrlRedaction.apply(text, false);
    }

    @Test
    void theUserInfoEndsAtTheAtThatAHostFollows() {
        assertEquals("https://<redacted>@mirror.example.com:5000/v2", userInfo("https://u:p@ss@mirror.example.com:5000/v2"));
        assertEquals("https://<redacted>@host.example.com/x/@scope", userInfo("https://u:pw@host.example.com/x/@scope"));
        assertEquals("https://<redacted>@h.example.com/x", userInfo("https://u:pa/ss@h.example.com/x"));
        assertEquals("https://<redacted>@registry/x", userInfo("https://u:pa/ss@registry/x"));
        assertEquals("https://registry.npmjs.org/@scope/pkg", userInfo("https://registry.npmjs.org/@scope/pkg"));
        assertEquals("https://localhost:8080/@x", userInfo("https://localhost:8080/@x"));
        assertEquals("https://10.0.0.1:6443/@x", userInfo("https://10.0.0.1:6443/@x"));
        assertEquals("https://[::1]:6443/@x", userInfo("https://[::1]:6443/@x"));
        assertEquals("https://<redacted>@x", userInfo("https://[::1]:abc/@x"));
        assertEquals("https://<redacted>@x", userInfo("https://[::1/@x"));
        assertEquals("https://<redacted>@x", userInfo("https://host.example.com:/@x"));
        assertEquals("https://<redacted>@x", userInfo("https://host.c/@x"));
        assertEquals("https://<redacted>@x", userInfo("https://host..com/@x"));
        assertEquals("https://<redacted>@x", userInfo("https://host.c0m/@x"));
        assertEquals("https://<redacted>@x", userInfo("https://1.2.3/@x"));
        assertEquals("https://<redacted>@x", userInfo("https://1.2.3.4444/@x"));
        assertEquals("https://<redacted>@x", userInfo("https://.a.com/@x"));
        assertEquals("https://<redacted>@x", userInfo("https://h\u00e9.com/@x"));
        assertEquals("https://<redacted>@host.example.com", userInfo("https://u:p@1.example:80/@host.example.com"));
    }

    /** A user-info that starts with the marker is not hidden yet: the password after it is still there. */
    @Test
    void aUserInfoThatOnlyStartsWithTheMarkerGoes() {
        assertEquals("https://<redacted>@host.example.com/x", userInfo("https://<redacted>:hunter2@host.example.com/x"));
        assertEquals("https://<redacted>@host.example.com/x", userInfo("https://<redacted>@host.example.com/x"));
    }

    @Test
    void onlyASchemeMakesAUrl() {
        String none = "no url";
        assertSame(none, userInfo(none));
        assertEquals("://u:p@h 9x://u:p@h", userInfo("://u:p@h 9x://u:p@h"));
        assertEquals("git+ssh://<redacted>@h.example.com", userInfo("git+ssh://u:p@h.example.com"));
        assertEquals("\"https://<redacted>@h.example.com\" and 'https://h.example.com' <https://h.example.com>",
                userInfo("\"https://a:b@h.example.com\" and 'https://h.example.com' <https://h.example.com>"));
    }

    /**
     * A user-info longer than any host name (a token as the password, {@code x-access-token:<JWT>@github.com}) goes
     * all the same; a long URL without one stays. Before, the scan gave up after 512 characters and showed it all.
     */
    @Test
    void aLongUserInfoGoesAndALongUrlWithoutOneStays() {
        String jwt = new SecretCorpus(3).jwt();
        String token = jwt + "." + jwt;
        assertTrue(token.length() > 1024, "a token of " + token.length());
        assertEquals("https://<redacted>@github.com/org/repo.git",
                userInfo("https://x-access-token:" + token + "@github.com/org/repo.git"));
        assertEquals("git clone https://<redacted>@github.com/org/repo.git failed",
                Redaction.uriText("git clone https://x-access-token:" + token + "@github.com/org/repo.git failed"));
        assertEquals("https://<redacted>@mirror.example.com:5000/v2?tag=<redacted>",
                Redaction.uri(URI.create("https://robot:" + "p4Ss".repeat(150) + "@mirror.example.com:5000/v2?tag=1")));
        assertEquals("https://<redacted>@h", userInfo("https://" + "a".repeat(600) + "@h"));
        String longPath = "https://h.example.com/" + "a/".repeat(400) + "x?y=1";
        assertEquals(longPath, userInfo(longPath));
        assertEquals("a://" + "b".repeat(600) + " https://<redacted>@h.example.com",
                userInfo("a://" + "b".repeat(600) + " https://u:p@h.example.com"));
    }

    /**
     * A URL written without a scheme (a registry mirror, a proxy, a database address in a config) loses its
     * password too, the user name before it staying; what only looks like one stays: an email, an image digest, a
     * git remote, a path.
     */
    @Test
    void aUserInfoWithoutASchemeGoesButEmailsAndDigestsStay() {
        assertEquals("pulling admin:<redacted>@mirror.example.com:5000/v2 failed",
                userInfo("pulling admin:s3cret@mirror.example.com:5000/v2 failed"));
        assertEquals("user:<redacted>@host/path", userInfo("user:pw@host/path"));
        assertEquals("user:<redacted>@registry:5000", userInfo("user:pw@registry:5000"));
        assertEquals("proxy=admin:<redacted>@10.0.0.1:3128,noProxy=.svc",
                userInfo("proxy=admin:p@ss:w/rd@10.0.0.1:3128,noProxy=.svc"));
        assertEquals("{\"proxy\": \"robot:<redacted>@proxy.example.com:3128\"}",
                userInfo("{\"proxy\": \"robot:pa/ss@proxy.example.com:3128\"}"));
        assertEquals("and <redacted>:<redacted>@h.example.com", userInfo("and <redacted>:s3cret@h.example.com"));
        assertEquals("admin:<redacted>@mirror.example.com:5000", Redaction.uriText("admin:s3cret@mirror.example.com:5000"));
        assertEquals("Back-off pulling admin:<redacted>@mirror.example.com:5000/istio/proxyv2: denied",
                Redaction.text("Back-off pulling admin:s3cret@mirror.example.com:5000/istio/proxyv2: denied"));
        // What stands before the ':' stays, so that a key in front of a password that holds an '@' is still a key.
        assertEquals("Token:<redacted>", Redaction.text("Token:y$-xD8@@f9teV9/W6u1M"));
        for (String kept : new String[] {
                "mail someone@example.com or first.last+tag@mail.example.org",
                "mailto:someone@example.com sip:alice@atlanta.example.com",
                "image: docker.io/istio/proxyv2@sha256:0123456789abcdef0123456789abcdef",
                "image: localhost:5000/istio/proxyv2:1.20.3@sha256:0123456789abcdef0123456789abcdef",
                "remote git@github.com:org/repo.git",
                "see docs/setup:step@example.com and a:b@c:d and 12:00@ and :x@h.example.com and k:v@name?x",
                "pod reviews-v1@bookinfo, k8s context kubernetes-admin@kubernetes"}) {
            assertEquals(kept, userInfo(kept));
        }
    }

    @Test
    void everyQueryAndFragmentValueGoesWhenAsked() {
        assertEquals("https://h.example.com/p?a=<redacted>&b=<redacted>&flag#top",
                all("https://h.example.com/p?a=1&b=2&flag#top").replace("&<redacted>", "&flag"));
        assertEquals("https://h.example.com/p?<redacted>", all("https://h.example.com/p?opaque"));
        assertEquals("https://h.example.com/#access_token=<redacted>&x=<redacted> then",
                all("https://h.example.com/#access_token=t&x=y then"));
        assertEquals("https://h.example.com/p?a=1", userInfo("https://h.example.com/p?a=1"));
    }
}
