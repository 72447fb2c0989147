package io.meshconformance.diagnostics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.meshconformance.text.Redaction;
import tools.jackson.databind.json.JsonMapper;

/**
 * Allure's {@code executor.json}: who ran the suite, shown in the report's Executors widget, and (its buildOrder,
 * buildName and buildUrl) copied into the report's history so that the trend graphs label each run and link back to
 * it (allure-framework/allure2 {@code ExecutorInfo}, {@code ExecutorPlugin};
 * allurereport.org/docs/how-it-works-executor-file/).
 * <p>
 * In GitHub Actions ({@code GITHUB_ACTIONS=true}) it names the workflow run; anywhere else it says "local", with no
 * host name and no URL. Only the variables of {@link #VARIABLES} are ever read, each by name: never a token
 * ({@code GITHUB_TOKEN}, {@code ACTIONS_*}). A value of the wrong shape (a run id that is not a number, a server URL
 * with user-info) is left out rather than written.
 */
public final class ReportExecutor {

    /** Every environment variable this class reads; nothing else is asked for. */
    public static final List<String> VARIABLES = List.of("GITHUB_ACTIONS", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY",
            "GITHUB_RUN_ID", "GITHUB_RUN_NUMBER", "GITHUB_RUN_ATTEMPT", "GITHUB_WORKFLOW", "GITHUB_JOB");
    /** The report's title (Overview), unless {@code allure generate --report-name} says otherwise. */
    public static final String REPORT_NAME = "Istio multicluster conformance";

    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    /** A server URL as GitHub gives it: scheme and host (and port), no user-info, path, query or fragment. */
    private static final Pattern SERVER = Pattern.compile("https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?/?");
    private static final int MAX_NAME = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReportExecutor() {
    }

    /**
     * The executor's fields, in Allure's names, from the variables {@code environment} gives for the names of
     * {@link #VARIABLES} (null for an unset one).
     */
    public static Map<String, Object> of(Function<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : VARIABLES) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) {
                env.put(name, value.strip());
            }
        }
        Map<String, Object> executor = new LinkedHashMap<>();
        if (!"true".equals(env.get("GITHUB_ACTIONS"))) {
            executor.put("name", "local");
            executor.put("type", "local");
            executor.put("buildName", "local run");
            executor.put("reportName", REPORT_NAME);
            return executor;
        }
        Optional<String> server = valid(env, "GITHUB_SERVER_URL", SERVER).map(s -> s.replaceAll("/+$", ""));
        Optional<String> repository = valid(env, "GITHUB_REPOSITORY", REPOSITORY);
        Optional<String> runId = valid(env, "GITHUB_RUN_ID", NUMBER);
        Optional<String> runNumber = valid(env, "GITHUB_RUN_NUMBER", NUMBER);
        Optional<String> attempt = valid(env, "GITHUB_RUN_ATTEMPT", NUMBER);
        Optional<String> workflow = Optional.ofNullable(env.get("GITHUB_WORKFLOW")).map(ReportExecutor::name);
        Optional<String> job = Optional.ofNullable(env.get("GITHUB_JOB")).map(ReportExecutor::name);

        executor.put("name", "GitHub Actions");
        executor.put("type", "github");
        if (server.isPresent() && repository.isPresent()) {
            executor.put("url", server.get() + "/" + repository.get());
        }
        runNumber.ifPresent(n -> executor.put("buildOrder", Long.parseLong(n)));
        StringBuilder build = new StringBuilder(workflow.orElse("workflow"));
        runNumber.ifPresent(n -> build.append(" #").append(n));
        job.ifPresent(j -> build.append(", job ").append(j));
        attempt.filter(a -> !a.equals("1")).ifPresent(a -> build.append(", attempt ").append(a));
        executor.put("buildName", build.toString());
        if (server.isPresent() && repository.isPresent() && runId.isPresent()) {
            executor.put("buildUrl", server.get() + "/" + repository.get() + "/actions/runs/" + runId.get());
        }
        executor.put("reportName", REPORT_NAME + repository.map(r -> ": " + r).orElse(""));
        return executor;
    }

    /** {@link #of} as the JSON Allure reads. */
    public static String json(Function<String, String> environment) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(of(environment)) + "\n";
    }

    /** Writes {@code executor.json} into {@code allureResults}, from this process's environment. */
    public static Path write(Path allureResults) throws IOException {
        return write(allureResults, System::getenv);
    }

    static Path write(Path allureResults, Function<String, String> environment) throws IOException {
        Files.createDirectories(allureResults);
        return Files.writeString(allureResults.resolve("executor.json"), json(environment), StandardCharsets.UTF_8);
    }

    private static Optional<String> valid(Map<String, String> env, String name, Pattern shape) {
        return Optional.ofNullable(env.get(name)).filter(v -> shape.matcher(v).matches());
    }

    /** A workflow's or job's name: free text a user chose, so bounded and redacted like any other text we show. */
    private static String name(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return Redaction.text(oneLine.length() > MAX_NAME ? oneLine.substring(0, MAX_NAME) + "..." : oneLine);
    }
}
