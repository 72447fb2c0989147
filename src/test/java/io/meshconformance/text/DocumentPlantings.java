package io.meshconformance.text;

import static io.meshconformance.text.Planted.indent;
import static io.meshconformance.text.Planted.json;
import static io.meshconformance.text.Planted.yaml;

import java.util.List;

import io.meshconformance.text.Planted.Context;

/**
 * Secrets planted in documents: YAML and JSON fields, kubeconfigs (a token, key data, an exec plugin's args and env,
 * a kubeconfig inside a JSON string), Secrets (the harness's remote secret, Opaque, TLS, docker config) and a pod's
 * environment. Each is written the way kubectl or an emitter writes it.
 */
final class DocumentPlantings {

    /** Field names that hold a credential, in the spellings found in manifests, configs and dumps. */
    static final List<String> KEYS = List.of("token", "bearerToken", "id-token", "refresh-token", "access_token",
            "password", "passwd", "client-secret", "client_secret", "clientSecret", "ACCESS_TOKEN", "Password",
            "apiKey", "api-key", "private-key", "secret", "auth", "authToken", "DB_PASSWORD", "X-Auth-Token");

    private DocumentPlantings() {
    }

    static final List<Context> ALL = List.of(
            new Context("yaml field", DocumentPlantings::yamlField),
            new Context("yaml block", DocumentPlantings::yamlBlock),
            new Context("json field", DocumentPlantings::jsonField),
            new Context("kubeconfig", DocumentPlantings::kubeconfig),
            new Context("kubeconfig exec", DocumentPlantings::kubeconfigExec, true),
            new Context("kubeconfig in a json string", DocumentPlantings::kubeconfigInJson),
            new Context("remote secret", DocumentPlantings::remoteSecret),
            new Context("opaque secret", DocumentPlantings::opaqueSecret, true),
            new Context("tls secret", DocumentPlantings::tlsSecret),
            new Context("docker config secret", DocumentPlantings::dockerSecret),
            new Context("pod env", DocumentPlantings::podEnv, true),
            new Context("secret echoed in a log", DocumentPlantings::echoedSecret, true),
            new Context("one-line secret cut in a log line", DocumentPlantings::cutSecret));

    /** A token, a password, a passphrase or random base64 or hex: the single-line secrets. */
    static String anySecret(SecretCorpus c) {
        return switch (c.random().nextInt(6)) {
            case 0 -> c.jwt();
            case 1 -> c.base64Token(24 + c.random().nextInt(40));
            case 2 -> c.urlToken(24 + c.random().nextInt(40));
            case 3 -> c.password();
            case 4 -> c.passphrase();
            default -> c.hexToken(20);
        };
    }

    static String key(SecretCorpus c) {
        return KEYS.get(c.random().nextInt(KEYS.size()));
    }

    static Planted yamlField(SecretCorpus c) {
        String secret = anySecret(c);
        String text = "metadata:\n  name: reviews-config\n  namespace: bookinfo\nspec:\n  endpoint: https://auth.example.com\n"
                + "  " + key(c) + ": " + yaml(secret) + "\n  replicas: 2\n";
        return Planted.of("yaml field", text, secret);
    }

    static Planted yamlBlock(SecretCorpus c) {
        String key = c.privateKey();
        String cert = c.certificate();
        String text = "data:\n  tls.key: |\n" + indent(key, 4) + "  ca.crt: |\n" + indent(cert, 4) + "  name: kept\n";
        return Planted.of("yaml block", text, key, cert);
    }

    static Planted jsonField(SecretCorpus c) {
        String secret = anySecret(c);
        String text = c.random().nextBoolean()
                ? "{\n  \"metadata\": {\n    \"name\": \"reviews\"\n  },\n  \"" + key(c) + "\": " + json(secret)
                        + ",\n  \"replicas\": 2\n}\n"
                : "{\"metadata\":{\"name\":\"reviews\"},\"" + key(c) + "\":" + json(secret) + ",\"replicas\":2}";
        return Planted.of("json field", text, secret);
    }

    /** The kubeconfig the harness reads or writes, with a token and client key data. */
    static String kubeconfigYaml(String token, String keyData, String caData) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster:
                    certificate-authority-data: %s
                    server: https://192.168.255.3:6443
                  name: remote
                contexts:
                - context:
                    cluster: remote
                    user: remote
                  name: remote
                current-context: remote
                users:
                - name: remote
                  user:
                    token: %s
                    client-key-data: %s
                """.formatted(caData, token, keyData);
    }

    static Planted kubeconfig(SecretCorpus c) {
        String token = c.jwt();
        String keyData = SecretCorpus.base64(c.privateKey());
        String caData = SecretCorpus.base64(c.certificate());
        return Planted.of("kubeconfig", kubeconfigYaml(token, keyData, caData), token, keyData, caData);
    }

    static Planted kubeconfigExec(SecretCorpus c) {
        String arg = c.urlToken(32);
        String env = c.password();
        String flag = c.random().nextBoolean() ? "\"--token\", \"" + arg + "\"" : "\"--token=" + arg + "\"";
        String text = """
                users:
                - name: eks
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: aws
                      args: ["eks", "get-token", %s]
                      env:
                      - name: AWS_PROFILE_KEY
                        value: %s
                      interactiveMode: Never
                """.formatted(flag, yaml(env));
        return Planted.of("kubeconfig exec", text, arg, env);
    }

    static Planted kubeconfigInJson(SecretCorpus c) {
        String token = c.jwt();
        String keyData = SecretCorpus.base64(c.privateKey());
        String text = "{\"name\": \"remote\", \"kubeconfig\": " + json(kubeconfigYaml(token, keyData, "Y2E=")) + "}";
        return Planted.of("kubeconfig in a json string", text, token, keyData);
    }

    /** The harness's own remote secret: a kubeconfig, base64, under the cluster's name; kubectl writes data first. */
    static Planted remoteSecret(SecretCorpus c) {
        String token = c.jwt();
        String encoded = SecretCorpus.base64(kubeconfigYaml(token, SecretCorpus.base64(c.privateKey()), "Y2E="));
        String text = c.random().nextBoolean()
                ? "apiVersion: v1\ndata:\n  remote: " + encoded + "\nkind: Secret\nmetadata:\n  name: "
                        + "istio-remote-secret-remote\n  namespace: istio-system\ntype: Opaque\n"
                : "{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"remote\": \"" + encoded + "\"\n    },\n"
                        + "    \"kind\": \"Secret\",\n    \"metadata\": {\n        \"name\": \"istio-remote-secret-remote\"\n"
                        + "    }\n}\n";
        return Planted.of("remote secret", text, token, encoded);
    }

    static Planted opaqueSecret(SecretCorpus c) {
        String password = c.password();
        String random = c.base64Token(32);
        String phrase = c.passphrase();
        String text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: "
                + SecretCorpus.base64("reviews") + "\n  db-pass: " + SecretCorpus.base64(password) + "\n  seed: "
                + random + "\nstringData:\n  note: " + yaml(phrase) + "\n";
        return Planted.of("opaque secret", text, password, SecretCorpus.base64(password), random, phrase);
    }

    static Planted tlsSecret(SecretCorpus c) {
        String key = SecretCorpus.base64(c.privateKey());
        String cert = SecretCorpus.base64(c.certificate());
        String text = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\""
                + cert + "\",\"tls.key\":\"" + key + "\"},\"metadata\":{\"name\":\"cacerts\"}}";
        return Planted.of("tls secret", text, key, cert);
    }

    static Planted dockerSecret(SecretCorpus c) {
        String password = c.password();
        String auth = c.dockerAuth("robot", password);
        String config = "{\"auths\":{\"mirror.example.com:5000\":{\"username\":\"robot\",\"password\":" + json(password)
                + ",\"auth\":\"" + auth + "\"}}}";
        String encoded = SecretCorpus.base64(config);
        String text = "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: "
                + encoded + "\n---\n" + config + "\n";
        return Planted.of("docker config secret", text, password, auth, encoded);
    }

    /**
     * A Secret whose values (a password, a kubeconfig with another) a later log line of the same text repeats, where
     * nothing but the Secret above says they are secret. A capital keeps each from the shape of a name, which is
     * never looked for again ({@code istio-system}).
     */
    static Planted echoedSecret(SecretCorpus c) {
        String pin = "P" + c.password();
        String inner = "Q" + c.password();
        String kubeconfig = "apiVersion: v1\nkind: Config\nusers:\n- name: remote\n  user:\n    password: " + yaml(inner)
                + "\n";
        String secret = c.random().nextBoolean()
                ? "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  pin: " + SecretCorpus.base64(pin)
                        + "\n  config: " + SecretCorpus.base64(kubeconfig) + "\n"
                : "{\"kind\":\"Secret\",\"data\":{\"pin\":\"" + SecretCorpus.base64(pin) + "\"},\"stringData\":{"
                        + "\"config\":" + json(kubeconfig) + "}}\n";
        String log = "2026-11-25T14:00:06Z error login for robot with " + pin + " failed, then with " + inner + "\n";
        return Planted.of("secret echoed in a log", secret + log, pin, inner);
    }

    /**
     * A one-line Secret ({@code kubectl get -o json | jq -c}) in a log line that ends anywhere after its {@code data}
     * opened: mid-value, mid-key or mid-object, never closed. Its values are short (a PIN, a password).
     */
    static Planted cutSecret(SecretCorpus c) {
        String pin = SecretCorpus.base64(String.valueOf(10_000_000 + c.random().nextInt(90_000_000)));
        String password = c.password();
        String secret = "{\"apiVersion\":\"v1\",\"data\":{\"pin\":\"" + pin + "\"},\"kind\":\"Secret\",\"metadata\":{"
                + "\"name\":\"db\"},\"stringData\":{\"note\":" + json(password) + "},\"type\":\"Opaque\"}";
        int from = secret.indexOf("\"data\"");
        int end = from + c.random().nextInt(secret.length() - from);
        return Planted.of("one-line secret cut in a log line",
                "2026-11-25T14:00:07Z info applying " + secret.substring(0, end) + "\n", pin, password);
    }

    static Planted podEnv(SecretCorpus c) {
        String value = c.random().nextBoolean() ? c.password() : c.passphrase();
        String text = c.random().nextBoolean()
                ? "spec:\n  containers:\n  - name: reviews\n    env:\n    - name: DB_PASSWORD\n      value: " + yaml(value)
                        + "\n    - name: LOG_LEVEL\n      value: debug\n"
                : "{\"env\": [{\"name\": \"LOG_LEVEL\", \"value\": \"debug\"}, {\"value\": " + json(value)
                        + ", \"name\": \"GITHUB_TOKEN\"}]}";
        return Planted.of("pod env", text, value);
    }
}
