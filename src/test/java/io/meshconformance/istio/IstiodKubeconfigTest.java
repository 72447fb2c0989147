package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.meshconformance.cluster.Kubeconfig;
import io.meshconformance.istio.IstiodKubeconfig.Credential;
import io.meshconformance.text.FakeSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How istiod 1.30 reads a remote secret's kubeconfig: client-go v0.35.3's validation
 * (tools/clientcmd/validation.go, with api/v1/defaults.go), istiod's sanitizeKubeConfig and its allowlist
 * (istio/istio 1.30.3 pkg/kube/util.go, pilot/pkg/features/pilot.go), and the current context's server.
 */
class IstiodKubeconfigTest {

    private static final String SERVER_URL = "https://remote.example.com:6443";
    private static final String SERVER = "    server: " + SERVER_URL + "\n    certificate-authority-data: "
            + FakeSecrets.base64(FakeSecrets.pem("CERTIFICATE", "the remote's CA")) + "\n";
    private static final String TOKEN = "    token: " + FakeSecrets.jwt("reader") + "\n";
    private static final String CERT_DATA = "    client-certificate-data: "
            + FakeSecrets.base64(FakeSecrets.pem("CERTIFICATE", "the reader's certificate")) + "\n";
    private static final String KEY_DATA = "    client-key-data: "
            + FakeSecrets.base64(FakeSecrets.pem("EC PRIVATE KEY", "the reader's key")) + "\n";
    private static final String EXEC_V1 = "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
            + "      command: aws\n";

    /** One context 'remote' (current) using cluster 'remote' and user 'remote', with these fields (4 spaces in). */
    private static Kubeconfig kubeconfig(String clusterFields, String userFields) {
        return Kubeconfig.parse("apiVersion: v1\nkind: Config\nclusters:\n- name: remote\n  cluster:\n"
                + clusterFields + "contexts:\n- name: remote\n  context:\n    cluster: remote\n    user: remote\n"
                + "current-context: remote\nusers:\n- name: remote\n  user:\n" + userFields);
    }

    /** A file with the cluster and user 'remote' and the given contexts section and current-context line. */
    private static Kubeconfig withContexts(String contexts, String current) {
        return Kubeconfig.parse("apiVersion: v1\nkind: Config\nclusters:\n- name: remote\n  cluster:\n" + SERVER
                + contexts + current + "users:\n- name: remote\n  user:\n" + TOKEN);
    }

    private static List<String> problems(String clusterFields, String userFields) {
        return IstiodKubeconfig.invalid(kubeconfig(clusterFields, userFields));
    }

    private static void assertOneProblem(String expected, List<String> problems) {
        assertEquals(List.of(expected), problems);
    }

    // ---- a kubeconfig as istioctl create-remote-secret writes it ----

    @Test
    void aKubeconfigLikeIstioctlsLoadsAndConnectsToItsServer() {
        Kubeconfig k = kubeconfig(SERVER, TOKEN);
        assertEquals(List.of(), IstiodKubeconfig.invalid(k));
        assertEquals(List.of(), IstiodKubeconfig.insecure(k));
        assertEquals(Optional.of(SERVER_URL), IstiodKubeconfig.server(k));
        assertTrue(IstiodKubeconfig.loads(k, IstiodKubeconfig.allowlist(null)));
    }

    @Test
    void theKubeconfigIstioctlWritesLoads() {
        Kubeconfig k = Kubeconfig.parse(RemoteSecret.kubeconfig("remote", SERVER_URL,
                FakeSecrets.pem("CERTIFICATE", "the remote's CA") + "\n", FakeSecrets.jwt("reader")));
        assertTrue(IstiodKubeconfig.loads(k, Set.of()), IstiodKubeconfig.invalid(k).toString());
    }

    // ---- the file as a whole (Validate, ConfirmUsable) ----

    @Test
    void aFileWithNothingInItIsNoConfiguration() {
        Kubeconfig k = Kubeconfig.parse("apiVersion: v1\nkind: Config\n");
        assertOneProblem("it holds no context, cluster or user (client-go: no configuration has been provided)",
                IstiodKubeconfig.invalid(k));
        assertFalse(IstiodKubeconfig.loads(k, Set.of()));
    }

    @Test
    void aFileWithOnlyACurrentContextIsNotEmptyButNamesAContextItLacks() {
        Kubeconfig k = Kubeconfig.parse("apiVersion: v1\nkind: Config\ncurrent-context: remote\n");
        assertOneProblem("its current-context 'remote' is not one of its contexts []", IstiodKubeconfig.invalid(k));
    }

    @Test
    void aFileWithOnlyAUserIsNotEmptyButHasNoCurrentContext() {
        Kubeconfig k = Kubeconfig.parse("apiVersion: v1\nkind: Config\nusers:\n- name: remote\n  user:\n" + TOKEN);
        assertOneProblem("it names no current-context, so client-go has no cluster to connect to",
                IstiodKubeconfig.invalid(k));
    }

    @Test
    void aFileWithOnlyAClusterOrOnlyAContextIsNotEmpty() {
        assertOneProblem("it names no current-context, so client-go has no cluster to connect to",
                IstiodKubeconfig.invalid(Kubeconfig.parse("apiVersion: v1\nkind: Config\nclusters:\n"
                        + "- name: remote\n  cluster:\n" + SERVER)));
        List<String> onlyContext = IstiodKubeconfig.invalid(Kubeconfig.parse("apiVersion: v1\nkind: Config\n"
                + "contexts:\n- name: remote\n  context:\n    cluster: remote\n    user: remote\n"));
        assertTrue(onlyContext.contains("it names no current-context, so client-go has no cluster to connect to"),
                onlyContext.toString());
        assertTrue(onlyContext.contains("context 'remote' names the user 'remote', which is not in the file"),
                onlyContext.toString());
    }

    @Test
    void withoutACurrentContextIstiodHasNoServer() {
        Kubeconfig k = withContexts("contexts:\n- name: remote\n  context:\n    cluster: remote\n    user: remote\n",
                "");
        assertOneProblem("it names no current-context, so client-go has no cluster to connect to",
                IstiodKubeconfig.invalid(k));
        assertEquals(Optional.empty(), IstiodKubeconfig.server(k));
        assertFalse(IstiodKubeconfig.loads(k, Set.of()));
    }

    @Test
    void aCurrentContextTheFileLacksIsNamedWithTheContextsItHas() {
        Kubeconfig k = withContexts("contexts:\n- name: remote\n  context:\n    cluster: remote\n    user: remote\n",
                "current-context: elsewhere\n");
        assertOneProblem("its current-context 'elsewhere' is not one of its contexts [remote]",
                IstiodKubeconfig.invalid(k));
        assertFalse(IstiodKubeconfig.loads(k, Set.of()));
    }

    // ---- contexts (validateContext) ----

    @Test
    void aContextWithoutANameIsRefused() {
        List<String> problems = IstiodKubeconfig.invalid(withContexts("contexts:\n- name: remote\n  context:\n"
                + "    cluster: remote\n    user: remote\n- context:\n    cluster: remote\n    user: remote\n",
                "current-context: remote\n"));
        assertOneProblem("a context has no name", problems);
    }

    @Test
    void aContextMustNameAUserAndACluster() {
        List<String> problems = IstiodKubeconfig.invalid(withContexts("contexts:\n- name: remote\n  context:\n"
                + "    namespace: bookinfo\n", "current-context: remote\n"));
        assertEquals(List.of("context 'remote' names no user", "context 'remote' names no cluster"), problems);
    }

    @Test
    void aContextWithoutItsContextFieldNamesNeitherUserNorCluster() {
        List<String> problems = IstiodKubeconfig.invalid(withContexts("contexts:\n- name: remote\n",
                "current-context: remote\n"));
        assertEquals(List.of("context 'remote' names no user", "context 'remote' names no cluster"), problems);
    }

    @Test
    void aContextsUserAndClusterMustBeInTheFile() {
        List<String> problems = IstiodKubeconfig.invalid(withContexts("contexts:\n- name: remote\n  context:\n"
                + "    cluster: other\n    user: reader\n", "current-context: remote\n"));
        assertEquals(List.of("context 'remote' names the user 'reader', which is not in the file",
                "context 'remote' names the cluster 'other', which is not in the file"), problems);
    }

    @Test
    void aContextsNamespaceMustBeADnsLabel() {
        String context = "contexts:\n- name: remote\n  context:\n    cluster: remote\n    user: remote\n"
                + "    namespace: ";
        assertEquals(List.of(), IstiodKubeconfig.invalid(withContexts(context + "bookinfo-2\n",
                "current-context: remote\n")));
        assertEquals(List.of(), IstiodKubeconfig.invalid(withContexts(context + "a".repeat(63) + "\n",
                "current-context: remote\n")));
        for (String bad : List.of("Bookinfo", "book_info", "-bookinfo", "a".repeat(64))) {
            assertOneProblem("context 'remote' has a namespace that is not a DNS label",
                    IstiodKubeconfig.invalid(withContexts(context + bad + "\n", "current-context: remote\n")));
        }
    }

    // ---- users (validateAuthInfo) ----

    @Test
    void aTokenAndBasicAuthAreTwoMethodsOneTooMany() {
        assertOneProblem("user 'remote' has more than one authentication method [token, basic auth]",
                problems(SERVER, TOKEN + "    username: reader\n"));
        assertOneProblem("user 'remote' has more than one authentication method [token, basic auth]",
                problems(SERVER, TOKEN + "    password: fake-password\n"));
    }

    @Test
    void basicAuthAloneIsOneMethod() {
        assertEquals(List.of(), problems(SERVER, "    username: reader\n    password: fake-password\n"));
    }

    @Test
    void aClientCertificateNeedsAClientKey() {
        assertOneProblem("user 'remote' has a client certificate but no client key", problems(SERVER, CERT_DATA));
        assertEquals(List.of(), problems(SERVER, CERT_DATA + KEY_DATA));
    }

    @Test
    void aClientKeyWithoutACertificateIsNotValidatedByClientGo() {
        assertEquals(List.of(), problems(SERVER, KEY_DATA + "    client-key: /etc/remote/tls.key\n"));
    }

    @Test
    void aClientCertificateOrKeyBothInlineAndFromAFileIsRefused() {
        assertOneProblem("user 'remote' has both client-certificate and client-certificate-data",
                problems(SERVER, CERT_DATA + "    client-certificate: /etc/remote/tls.crt\n" + KEY_DATA));
        assertOneProblem("user 'remote' has both client-key and client-key-data",
                problems(SERVER, CERT_DATA + KEY_DATA + "    client-key: /etc/remote/tls.key\n"));
        // From files alone is valid to client-go; the allowlist judges it (see insecure).
        assertEquals(List.of(), problems(SERVER, "    client-certificate: /etc/remote/tls.crt\n"
                + "    client-key: /etc/remote/tls.key\n"));
    }

    @Test
    void execNeedsACommandAndAnApiVersion() {
        assertEquals(List.of("user 'remote' has exec without a command",
                "user 'remote' has exec without an apiVersion", "user 'remote' has exec without an interactiveMode"),
                problems(SERVER, "    exec:\n      args: [token]\n"));
    }

    @Test
    void execWithAnAuthProviderIsRefused() {
        assertOneProblem("user 'remote' has both an auth-provider and exec", problems(SERVER, EXEC_V1
                + "      interactiveMode: Never\n    auth-provider:\n      name: oidc\n"));
    }

    @Test
    void execEnvVariablesNeedNames() {
        assertOneProblem("user 'remote' has an exec env variable without a name", problems(SERVER, EXEC_V1
                + "      interactiveMode: Never\n      env:\n      - name: AWS_PROFILE\n        value: mesh\n"
                + "      - value: orphan\n"));
        assertEquals(List.of(), problems(SERVER, EXEC_V1 + "      interactiveMode: Never\n      env:\n"
                + "      - name: AWS_PROFILE\n        value: mesh\n"));
    }

    @Test
    void execOfApiVersionV1MustSayItsInteractiveMode() {
        assertOneProblem("user 'remote' has exec without an interactiveMode", problems(SERVER, EXEC_V1));
        for (String mode : List.of("Never", "IfAvailable", "Always")) {
            assertEquals(List.of(), problems(SERVER, EXEC_V1 + "      interactiveMode: " + mode + "\n"), mode);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"client.authentication.k8s.io/v1beta1", "client.authentication.k8s.io/v1alpha1"})
    void execOfOlderApiVersionsDefaultsItsInteractiveMode(String apiVersion) {
        assertEquals(List.of(), problems(SERVER, "    exec:\n      apiVersion: " + apiVersion
                + "\n      command: aws\n"));
    }

    @Test
    void anInteractiveModeClientGoDoesNotKnowIsNamed() {
        assertOneProblem("user 'remote' has exec with the interactiveMode 'Sometimes', not Never, IfAvailable or"
                + " Always", problems(SERVER, EXEC_V1 + "      interactiveMode: Sometimes\n"));
        // Defaulting fills only an empty mode: a wrong one stays wrong under v1beta1 too.
        assertOneProblem("user 'remote' has exec with the interactiveMode 'never', not Never, IfAvailable or"
                + " Always", problems(SERVER, "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                + "      command: aws\n      interactiveMode: never\n"));
    }

    @Test
    void impersonatedGroupsUidOrExtrasNeedAnImpersonatedUser() {
        String refusal = "user 'remote' asks for impersonated groups, uid or extras without a user (as)";
        assertOneProblem(refusal, problems(SERVER, TOKEN + "    as-groups: [mesh-readers]\n"));
        assertOneProblem(refusal, problems(SERVER, TOKEN + "    as-uid: \"1000\"\n"));
        assertOneProblem(refusal, problems(SERVER, TOKEN + "    as-user-extra:\n      team: [mesh]\n"));
        assertEquals(List.of(), problems(SERVER, TOKEN + "    as: reader\n    as-groups: [mesh-readers]\n"
                + "    as-uid: \"1000\"\n    as-user-extra:\n      team: [mesh]\n"));
        assertEquals(List.of(), problems(SERVER, TOKEN + "    as-groups: []\n    as-user-extra: {}\n"));
    }

    @Test
    void aUserWithoutCredentialsIsValid() {
        Kubeconfig k = kubeconfig(SERVER, "");
        assertEquals(List.of(), IstiodKubeconfig.invalid(k));
        assertEquals(List.of(), IstiodKubeconfig.insecure(k));
        assertTrue(IstiodKubeconfig.loads(k, Set.of()));
    }

    // ---- clusters (validateClusterInfo) ----

    @Test
    void aClusterWithNothingSetIsEmpty() {
        assertOneProblem("cluster 'remote' is empty", problems("    {}\n", TOKEN));
        Kubeconfig noCluster = Kubeconfig.parse("apiVersion: v1\nkind: Config\nclusters:\n- name: remote\n"
                + "contexts:\n- name: remote\n  context:\n    cluster: remote\n    user: remote\n"
                + "current-context: remote\nusers:\n- name: remote\n  user:\n" + TOKEN);
        assertOneProblem("cluster 'remote' is empty", IstiodKubeconfig.invalid(noCluster));
        assertFalse(IstiodKubeconfig.loads(noCluster, Set.of()));
    }

    @Test
    void aClusterWhoseOnlyFieldsAreFalseIsEmptyAsInClientGo() {
        // Go's bools: false is the zero value, so client-go's reflect.DeepEqual with an empty Cluster holds.
        assertOneProblem("cluster 'remote' is empty",
                problems("    insecure-skip-tls-verify: false\n    disable-compression: false\n", TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"certificate-authority-data: Y2E=", "proxy-url: http://proxy.example.com:3128",
            "tls-server-name: remote.example.com", "insecure-skip-tls-verify: true", "disable-compression: true",
            "extensions:\n    - name: mesh\n      extension: {}"})
    void aClusterWithAnythingButAServerLacksItsServer(String field) {
        assertOneProblem("cluster 'remote' has no server", problems("    " + field + "\n", TOKEN));
    }

    @Test
    void aCertificateAuthorityFileIsOpenedInIstiodsPod() {
        assertOneProblem("cluster 'remote' reads its certificate-authority from the file /etc/remote/ca.crt, which"
                + " client-go opens inside istiod's pod, where the remote's file is not",
                problems("    server: " + SERVER_URL + "\n    certificate-authority: /etc/remote/ca.crt\n", TOKEN));
        List<String> both = problems(SERVER + "    certificate-authority: /etc/remote/ca.crt\n", TOKEN);
        assertEquals(2, both.size(), both.toString());
        assertEquals("cluster 'remote' has both certificate-authority and certificate-authority-data", both.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://proxy.example.com:3128", "https://proxy.example.com", "socks5://proxy:1080",
            "HTTP://proxy.example.com:3128"})
    void aProxyUrlOfHttpHttpsOrSocks5IsAccepted(String proxy) {
        assertEquals(List.of(), problems(SERVER + "    proxy-url: " + proxy + "\n", TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://proxy.example.com", "proxy.example.com:3128", "socks4://proxy:1080"})
    void aProxyUrlOfAnotherSchemeIsRefused(String proxy) {
        assertOneProblem("cluster 'remote' has a proxy-url that is not an http, https or socks5 URL",
                problems(SERVER + "    proxy-url: " + proxy + "\n", TOKEN));
    }

    @Test
    void everyClusterIsValidatedNotOnlyTheCurrentContexts() {
        Kubeconfig k = Kubeconfig.parse("apiVersion: v1\nkind: Config\nclusters:\n- name: remote\n  cluster:\n"
                + SERVER + "- name: spare\n  cluster:\n    tls-server-name: spare.example.com\n"
                + "contexts:\n- name: remote\n  context:\n    cluster: remote\n    user: remote\n"
                + "current-context: remote\nusers:\n- name: remote\n  user:\n" + TOKEN
                + "- name: spare\n  user:\n" + TOKEN + "    username: spare\n");
        assertEquals(List.of("user 'spare' has more than one authentication method [token, basic auth]",
                "cluster 'spare' has no server"), IstiodKubeconfig.invalid(k));
        assertFalse(IstiodKubeconfig.loads(k, Set.of()));
    }

    // ---- istiod's credential policy (sanitizeKubeConfig) ----

    @Test
    void theAllowlistIsSplitAtCommasWithNothingTrimmed() {
        assertEquals(Set.of(""), IstiodKubeconfig.allowlist(null));
        assertEquals(Set.of(""), IstiodKubeconfig.allowlist(""));
        assertEquals(List.of("exec", " tokenFile", ""), List.copyOf(IstiodKubeconfig.allowlist("exec, tokenFile,")));
        assertEquals(Set.of("Exec"), IstiodKubeconfig.allowlist("Exec"));
    }

    @Test
    void credentialsThatRunCommandsOrReadFilesAreListedInIstiodsOrder() {
        Kubeconfig k = kubeconfig(SERVER, "    auth-provider:\n      name: gcp\n"
                + "    client-certificate: /etc/remote/tls.crt\n    client-key: /etc/remote/tls.key\n"
                + "    tokenFile: /var/run/secrets/remote/token\n" + EXEC_V1 + "      interactiveMode: Never\n");
        List<Credential> insecure = IstiodKubeconfig.insecure(k);
        assertEquals(List.of("gcp", "clientKey", "clientCertificate", "tokenFile", "exec"),
                insecure.stream().map(Credential::option).toList());
        assertTrue(insecure.stream().allMatch(c -> c.user().equals("remote")), insecure.toString());
        assertEquals("uses the auth provider 'gcp'", insecure.get(0).what());
        assertTrue(insecure.get(0).risk().contains("other than oidc"), insecure.get(0).risk());
        assertEquals("reads its client key from the file /etc/remote/tls.key", insecure.get(1).what());
        assertTrue(insecure.get(1).risk().contains("must be mounted in istiod's pod"), insecure.get(1).risk());
        assertEquals("reads its client certificate from the file /etc/remote/tls.crt", insecure.get(2).what());
        assertTrue(insecure.get(2).risk().contains("must be mounted in istiod's pod"), insecure.get(2).risk());
        assertEquals("reads its token from the file /var/run/secrets/remote/token", insecure.get(3).what());
        assertTrue(insecure.get(3).risk().contains("send its own token"), insecure.get(3).risk());
        assertEquals("runs a command (exec) for its credentials ('aws')", insecure.get(4).what());
        assertTrue(insecure.get(4).risk().contains("must exist in the istiod image"), insecure.get(4).risk());
    }

    @Test
    void anExecWithoutACommandIsStillACommandIstiodRefuses() {
        List<Credential> insecure = IstiodKubeconfig.insecure(kubeconfig(SERVER, "    exec:\n      args: [x]\n"));
        assertEquals(1, insecure.size());
        assertEquals("runs a command (exec) for its credentials", insecure.get(0).what());
    }

    @Test
    void oidcIsTheOneAuthProviderIstiodTakesWithoutTheOption() {
        Kubeconfig k = kubeconfig(SERVER, "    auth-provider:\n      name: oidc\n      config:\n"
                + "        client-id: mesh\n");
        assertEquals(List.of(), IstiodKubeconfig.insecure(k));
        assertTrue(IstiodKubeconfig.loads(k, Set.of()));
    }

    @Test
    void anAuthProviderIsAllowedByItsOwnName() {
        Kubeconfig k = kubeconfig(SERVER, "    auth-provider:\n      name: azure\n");
        assertEquals("azure", IstiodKubeconfig.refused(k, Set.of("exec")).orElseThrow().option());
        assertEquals(Optional.empty(), IstiodKubeconfig.refused(k, Set.of("azure")));
        assertTrue(IstiodKubeconfig.loads(k, Set.of("azure")));
        assertFalse(IstiodKubeconfig.loads(k, Set.of()));
    }

    @Test
    void anAuthProviderWithoutANameIsRefusedUnlessTheEmptyOptionIsAllowed() {
        // istiod's allowlist of an unset env var is {""}: a nameless provider is then allowed, as in istiod.
        Kubeconfig k = kubeconfig(SERVER, "    auth-provider:\n      config:\n        x: y\n");
        assertEquals("", IstiodKubeconfig.insecure(k).get(0).option());
        assertEquals("uses the auth provider ''", IstiodKubeconfig.insecure(k).get(0).what());
        assertTrue(IstiodKubeconfig.loads(k, IstiodKubeconfig.allowlist(null)));
        assertFalse(IstiodKubeconfig.loads(k, Set.of("exec")));
    }

    @Test
    void theFirstCredentialTheAllowlistLacksIsTheRefusedOne() {
        Kubeconfig k = kubeconfig(SERVER, "    tokenFile: /var/run/secrets/remote/token\n" + EXEC_V1
                + "      interactiveMode: Never\n");
        assertEquals("tokenFile", IstiodKubeconfig.refused(k, IstiodKubeconfig.allowlist("")).orElseThrow()
                .option());
        assertEquals("exec", IstiodKubeconfig.refused(k, IstiodKubeconfig.allowlist("tokenFile")).orElseThrow()
                .option());
        // " exec" is not "exec": istiod trims nothing.
        assertEquals("exec", IstiodKubeconfig.refused(k, IstiodKubeconfig.allowlist("tokenFile, exec"))
                .orElseThrow().option());
        assertEquals(Optional.empty(), IstiodKubeconfig.refused(k, IstiodKubeconfig.allowlist("tokenFile,exec")));
        assertTrue(IstiodKubeconfig.loads(k, IstiodKubeconfig.allowlist("exec,tokenFile")));
        assertFalse(IstiodKubeconfig.loads(k, IstiodKubeconfig.allowlist("exec")));
    }

    @Test
    void everyUserIsJudgedNotOnlyTheCurrentContexts() {
        Kubeconfig k = Kubeconfig.parse("apiVersion: v1\nkind: Config\nclusters:\n- name: remote\n  cluster:\n"
                + SERVER + "contexts:\n- name: remote\n  context:\n    cluster: remote\n    user: remote\n"
                + "current-context: remote\nusers:\n- name: remote\n  user:\n" + TOKEN
                + "- name: spare\n- name: admin\n  user:\n    client-certificate: /etc/admin/tls.crt\n"
                + "    client-key: /etc/admin/tls.key\n");
        assertEquals(List.of(), IstiodKubeconfig.invalid(k));
        Credential refused = IstiodKubeconfig.refused(k, Set.of()).orElseThrow();
        assertEquals("admin", refused.user());
        assertEquals("clientKey", refused.option());
        assertFalse(IstiodKubeconfig.loads(k, Set.of()));
        assertTrue(IstiodKubeconfig.loads(k, Set.of("clientKey", "clientCertificate")));
    }

    // ---- the current context's server ----

    @Test
    void theServerIsTheCurrentContextsCluster() {
        Kubeconfig k = Kubeconfig.parse("apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster:\n"
                + "    server: https://127.0.0.1:6443\n- name: remote\n  cluster:\n" + SERVER
                + "contexts:\n- name: local\n  context:\n    cluster: local\n    user: remote\n"
                + "- name: remote\n  context:\n    cluster: remote\n    user: remote\n"
                + "current-context: remote\nusers:\n- name: remote\n  user:\n" + TOKEN);
        assertEquals(Optional.of(SERVER_URL), IstiodKubeconfig.server(k));
    }

    @Test
    void anEmptyServerIsNoServer() {
        Kubeconfig k = kubeconfig("    server: \"\"\n    tls-server-name: remote.example.com\n", TOKEN);
        assertEquals(Optional.empty(), IstiodKubeconfig.server(k));
        assertOneProblem("cluster 'remote' has no server", IstiodKubeconfig.invalid(k));
        assertFalse(IstiodKubeconfig.loads(k, Set.of()));
    }
}
