package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.meshconformance.istio.RemoteSecret;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: with mesh.existing.attach=true, stage 1 says which reader token stage 5 will use. */
@Tag("component")
class ReaderTokenCheckTest extends AgainstHealthyMesh {

    static final PreflightDoctor.Expectations ATTACH = new PreflightDoctor.Expectations(false, true,
            HealthyMesh.APP_NAMESPACE);
    static final String TOKEN = "reader-token-of-istioctl-0123456789";

    private void readerToken(String name) {
        clusters.remote().client().secrets().inNamespace("istio-system").resource(new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace("istio-system")
                .addToAnnotations("kubernetes.io/service-account.name", "istio-reader-service-account").endMetadata()
                .withType("kubernetes.io/service-account-token")
                .addToData("token", Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)))
                .build()).create();
    }

    @Test
    void istioctlsTokenIsTheOneStageFiveWillUse() {
        readerToken(RemoteSecret.TOKEN_SECRET);
        DoctorReport report = run(ATTACH);
        CheckResult r = result(report, "reader-token", "remote");
        assertEquals(CheckResult.Status.PASS, r.status(), report.table());
        assertEquals("stage 5 will use Secret istio-system/istio-reader-service-account-istio-remote-secret-token, a"
                + " token of istio-reader-service-account this run did not make (istioctl create-remote-secret leaves"
                + " one): read, never changed or deleted", r.evidence());
        assertFalse(report.table().contains(TOKEN), "the token is never shown");
    }

    @Test
    void withoutOneTheRunSaysItMakesItsOwn() {
        DoctorReport report = run(ATTACH);
        CheckResult r = result(report, "reader-token", "remote");
        assertEquals(CheckResult.Status.PASS, r.status(), report.table());
        assertEquals("no token of istio-reader-service-account in istio-system yet: stage 5 creates Secret"
                + " istio-system/istio-reader-service-account-istio-remote-secret-token and deletes it afterwards",
                r.evidence());
    }

    @Test
    void aSecretOfTheTokensNameThatIsNoReaderTokenFailsWithTheFix() {
        clusters.remote().client().secrets().inNamespace("istio-system").resource(new SecretBuilder()
                .withNewMetadata().withName(RemoteSecret.TOKEN_SECRET).withNamespace("istio-system").endMetadata()
                .addToStringData("note", "someone else's").build()).create();
        DoctorReport report = run(ATTACH);
        assertFails(report, "reader-token", "remote", "Secret istio-system/" + RemoteSecret.TOKEN_SECRET
                + " exists but is no token of istio-reader-service-account (type Opaque)", "stage 5 would need that"
                + " name for its own token and never overwrites what it did not create: remove the Secret"
                + " (kubectl --context <remote> -n istio-system delete secret " + RemoteSecret.TOKEN_SECRET
                + ") or set mesh.existing.attach=false to verify the attachment found");
    }

    @Test
    void whenTheRunVerifiesTheAttachmentThereIsNoSuchRow() {
        assertTrue(run().find("reader-token", "remote").isEmpty());
    }
}
