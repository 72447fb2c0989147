package io.meshconformance.text;

import static io.meshconformance.text.Planted.json;

import java.util.List;

import io.meshconformance.text.Planted.Context;

/**
 * Secrets planted in free text: log lines, headers (as text, as Envoy dumps them, as Go prints them), URLs, Go struct
 * dumps, command lines, env files, JWTs bare and wrapped, PEM blocks inline or JSON-escaped, JSON log lines. Harmless
 * lines stand around each.
 */
final class LogPlantings {

    /** Names that are keys wherever they stand, also in the middle of a sentence. */
    static final List<String> STRONG_KEYS = List.of("client_secret", "ACCESS_TOKEN", "Password", "password",
            "X-Auth-Token", "bearerToken", "api_key", "refresh-token", "DB_PASSWORD", "passwd");

    private LogPlantings() {
    }

    static final List<Context> ALL = List.of(
            new Context("log key at line start", LogPlantings::keyAtLineStart),
            new Context("log key mid-line", LogPlantings::keyMidLine),
            new Context("log assignment", LogPlantings::assignment),
            new Context("env file", LogPlantings::envFile),
            new Context("headers", LogPlantings::headers),
            new Context("envoy header dump", LogPlantings::envoyHeaders),
            new Context("go http.Header", LogPlantings::goHeader),
            new Context("query parameter", LogPlantings::query),
            new Context("url user-info", LogPlantings::userInfo),
            new Context("go struct", LogPlantings::goStruct),
            new Context("command line", LogPlantings::commandLine, true),
            new Context("bare jwt", LogPlantings::bareJwt),
            new Context("wrapped jwt", LogPlantings::wrappedJwt),
            new Context("pem in a log", LogPlantings::pemInLog),
            new Context("yaml continuation", LogPlantings::yamlContinuation),
            new Context("json log line", LogPlantings::jsonLogLine));

    private static String around(SecretCorpus c, String middle) {
        HarmlessText harmless = new HarmlessText(c.random());
        return harmless.lines(c.random().nextInt(3)) + middle + "\n" + harmless.lines(c.random().nextInt(3));
    }

    private static String pick(SecretCorpus c, List<String> from) {
        return from.get(c.random().nextInt(from.size()));
    }

    /** A token-like secret: no spaces, nothing a URL or a command line would quote. */
    private static String token(SecretCorpus c) {
        return switch (c.random().nextInt(3)) {
            case 0 -> c.jwt();
            case 1 -> c.urlToken(24 + c.random().nextInt(40));
            default -> c.base64Token(24 + c.random().nextInt(40));
        };
    }

    private static String tokenOrPassword(SecretCorpus c) {
        return c.random().nextBoolean() ? token(c) : c.password();
    }

    static Planted keyAtLineStart(SecretCorpus c) {
        String secret = DocumentPlantings.anySecret(c);
        return Planted.of("log key at line start", around(c, DocumentPlantings.key(c) + ": " + secret), secret);
    }

    static Planted keyMidLine(SecretCorpus c) {
        String secret = c.random().nextBoolean() ? c.passphrase() : tokenOrPassword(c);
        return Planted.of("log key mid-line", around(c, "2026-11-25T14:00:00Z error login for reviews failed, "
                + pick(c, STRONG_KEYS) + ": " + secret), secret);
    }

    static Planted assignment(SecretCorpus c) {
        String secret = tokenOrPassword(c);
        String key = pick(c, List.of("token", "access_token", "ACCESS_TOKEN", "client_secret", "password", "api_key"));
        return Planted.of("log assignment", around(c, "2026-11-25T14:00:01Z debug request " + key + "=" + secret
                + " status=401"), secret);
    }

    static Planted envFile(SecretCorpus c) {
        String secret = tokenOrPassword(c);
        String line = pick(c, List.of("export GITHUB_TOKEN=", "AWS_SECRET_ACCESS_KEY=", "VAULT_TOKEN=")) + secret;
        return Planted.of("env file", around(c, line), secret);
    }

    static Planted headers(SecretCorpus c) {
        String secret = token(c);
        String line = switch (c.random().nextInt(6)) {
            case 0 -> "Authorization: " + pick(c, List.of("Bearer", "Basic", "Negotiate", "Token")) + " " + secret;
            case 1 -> "Proxy-Authorization: Basic " + secret;
            case 2 -> "X-Auth-Token: " + secret;
            case 3 -> "Cookie: theme=dark; session=" + secret + "; lang=en";
            case 4 -> "Set-Cookie: id=" + secret + "; Path=/; HttpOnly";
            default -> "curl -sS -H \"Authorization: Bearer " + secret + "\" https://istiod.istio-system:15014/debug";
        };
        return Planted.of("headers", around(c, line), secret);
    }

    static Planted envoyHeaders(SecretCorpus c) {
        String secret = token(c);
        String line = "':authority', 'reviews:9080', ':path', '/reviews/0', " + (c.random().nextBoolean()
                ? "'authorization', 'Bearer " + secret + "'" : "'cookie', 'session=" + secret + "'")
                + ", 'x-request-id', '" + new HarmlessText(c.random()).uid() + "'";
        return Planted.of("envoy header dump", around(c, line), secret);
    }

    static Planted goHeader(SecretCorpus c) {
        String bearer = token(c);
        String cookie = token(c);
        return Planted.of("go http.Header", around(c, "headers: map[Authorization:[Bearer " + bearer
                + "] Cookie:[session=" + cookie + "] User-Agent:[Go-http-client/1.1]]"), bearer, cookie);
    }

    static Planted query(SecretCorpus c) {
        String secret = c.random().nextBoolean() ? c.jwt() : c.urlToken(32);
        String name = pick(c, List.of("token", "access_token", "sig", "X-Amz-Signature", "api_key", "key"));
        String url = "https://storage.example.com/v1/objects/report.json?alt=media&" + name + "=" + secret + "&page=2";
        return Planted.of("query parameter", around(c, "GET " + url + " 403 Forbidden"), secret);
    }

    static Planted userInfo(SecretCorpus c) {
        boolean password = c.random().nextBoolean();
        String secret = password ? c.password() : c.urlToken(30);
        String line = switch (c.random().nextInt(4)) {
            case 0 -> "Back-off pulling image from https://robot:" + secret + "@mirror.example.com:5000/v2/istio: denied";
            case 1 -> "git clone https://" + secret + "@github.com/example/mesh.git failed";
            // Without a scheme, as a mirror or a proxy is often configured.
            case 2 -> "Back-off pulling image from robot:" + secret + "@mirror.example.com:5000/v2/istio: denied";
            default -> "proxy=robot:" + secret + "@proxy.example.com:3128 noProxy=.svc,.cluster.local";
        };
        return Planted.of("url user-info", around(c, line), secret);
    }

    static Planted goStruct(SecretCorpus c) {
        String token = tokenOrPassword(c);
        String bearer = token(c);
        String quoted = c.passphrase();
        String line = "rest config: &{Host:https://10.0.0.1:6443 APIPath:/api Token:" + token + " BearerToken:"
                + bearer + " Impersonate:{UserName: Groups:[]}} BearerToken: \"" + quoted + "\"";
        return Planted.of("go struct", around(c, line), token, bearer, quoted);
    }

    static Planted commandLine(SecretCorpus c) {
        String secret = tokenOrPassword(c);
        String line = switch (c.random().nextInt(4)) {
            case 0 -> "+ kubectl --token " + secret + " get pods -n bookinfo";
            case 1 -> "+ istioctl create-remote-secret --name=remote --token=" + secret;
            case 2 -> "command: [\"kubectl\", \"--token\", " + json(secret) + ", \"get\", \"pods\"]";
            default -> "      args:\n      - --server=https://10.0.0.1:6443\n      - --token\n      - " + secret;
        };
        return Planted.of("command line", around(c, line), secret);
    }

    static Planted bareJwt(SecretCorpus c) {
        String jwt = c.jwt();
        return Planted.of("bare jwt", around(c, "2026-11-25T14:00:02Z debug validating " + jwt + " for reviews"), jwt);
    }

    static Planted wrappedJwt(SecretCorpus c) {
        String jwt = c.jwt();
        int width = 40 + c.random().nextInt(61);
        StringBuilder wrapped = new StringBuilder("2026-11-25T14:00:03Z info token follows\n");
        for (int i = 0; i < jwt.length(); i += width) {
            wrapped.append(jwt, i, Math.min(jwt.length(), i + width)).append('\n');
        }
        return Planted.of("wrapped jwt", around(c, wrapped + "Starting"), jwt);
    }

    static Planted pemInLog(SecretCorpus c) {
        String pem = c.random().nextBoolean() ? c.privateKey() : c.certificate();
        String line = c.random().nextBoolean() ? "2026-11-25T14:00:04Z info loaded " + pem
                : "{\"level\":\"info\",\"msg\":\"loaded\",\"pem\":" + json(pem) + "}";
        return Planted.of("pem in a log", around(c, line), pem);
    }

    static Planted yamlContinuation(SecretCorpus c) {
        String jwt = c.jwt();
        int half = jwt.length() / 2;
        String text = "user:\n  token:\n    " + jwt.substring(0, half) + "\n    " + jwt.substring(half) + "\n  name: x";
        return Planted.of("yaml continuation", around(c, text), jwt.substring(0, half), jwt.substring(half));
    }

    static Planted jsonLogLine(SecretCorpus c) {
        String secret = DocumentPlantings.anySecret(c);
        String line = "2026-11-25T14:00:05Z {\"level\":\"error\",\"msg\":\"auth failed\",\""
                + DocumentPlantings.key(c) + "\":" + json(secret) + ",\"pod\":\"reviews-v1\"}";
        return Planted.of("json log line", around(c, line), secret);
    }
}
