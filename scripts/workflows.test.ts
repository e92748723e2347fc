// The CI workflows cannot run here, so they are checked the way GitHub reads them (the workflow
// JSON schema, through @action-validator/core), and every step runs a project script that exists.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { backendPortFromLog, installDirCandidates, tasklistImages, waitFor } from "./windowsSmoke.ts";

const root = join(import.meta.dirname, "..");
const workflowsDir = join(root, ".github", "workflows");
// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JavaScript template
const runnerTemp = "${{ runner.temp }}";

describe("GitHub workflows", () => {
  const files = readdirSync(workflowsDir).filter((f) => f.endsWith(".yml"));

  it.each(files)("%s is a valid workflow", (file) => {
    const state = validateWorkflow(readFileSync(join(workflowsDir, file), "utf8"));
    expect(state.errors, JSON.stringify(state.errors, null, 2)).toEqual([]);
  });

  it("the validator has teeth", () => {
    expect(validateWorkflow("on: push\njobs:\n  a:\n    runs-on: windows-latest\n    stepz: []\n").errors).not.toEqual(
      [],
    );
  });

  it("windows.yml installs, checks the start-up environment and git's end with a killed backend, tests, builds, installs the app, checks it, kills it, and uninstalls, each with a project script", () => {
    const workflow = load(readFileSync(join(workflowsDir, "windows.yml"), "utf8")) as {
      jobs: { windows: { "runs-on": string; steps: { run?: string; env?: Record<string, string> }[] } };
    };
    expect(workflow.jobs.windows["runs-on"]).toBe("windows-latest");
    const runs = workflow.jobs.windows.steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs[0]).toMatch(/^npm install/);
    expect(runs[0]).toContain("scripts/platformPackages.ts");
    expect(runs[0]).toContain("choco install ripgrep"); // the text search's tests run ripgrep
    expect(runs[1]).toMatch(/^npx vitest run apps\/backend\/test\/startupEnvironment\.test\.ts /);
    // A backend killed during a hanging hook leaves no git (review 6, W1).
    expect(runs[2]).toBe("npx vitest run apps/backend/test/gitLeftRunning.test.ts");
    // Every Windows-only test ran and passed (none skipped): scripts/windowsOnlyTests.ts.
    expect(runs[3]).toBe("node --import tsx scripts/windowsOnlyTests.ts");
    expect(runs[4]).toBe("npm test");
    // The tests leave no opencode.exe behind (checked before the app's own run, which checks again).
    expect(runs[5]).toMatch(/scripts\/windowsSmoke\.ts no-opencode$/);
    expect(runs[6]).toBe("npm run dist:win");
    const smoke = runs.slice(7).map((r) => /scripts\/windowsSmoke\.ts (\S+)/.exec(r)?.[1]);
    expect(smoke).toEqual(["install", "launch", "healthy", "kill", "no-opencode", "uninstall"]);
    // The tests run in the runner's long-path temp folder, not %TEMP%'s 8.3 alias (RUNNER~1).
    for (const step of workflow.jobs.windows.steps.filter((s) => /vitest|npm test|windowsOnlyTests/.test(s.run ?? "")))
      expect(step.env, step.run).toMatchObject({ TEMP: runnerTemp, TMP: runnerTemp });
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.scripts.test).toBeDefined();
    expect(pkg.scripts["dist:win"]).toBeDefined();
  });
});

it("a checkout on Windows keeps LF line endings, which Biome and the fixtures expect, whatever core.autocrlf says", () => {
  const rules = readFileSync(join(root, ".gitattributes"), "utf8").split("\n");
  expect(rules).toContain("* text=auto eol=lf");
});

it("macos.yml runs the start-up environment tests on macos-latest", () => {
  const workflow = load(readFileSync(join(workflowsDir, "macos.yml"), "utf8")) as {
    jobs: { macos: { "runs-on": string; steps: { run?: string }[] } };
  };
  expect(workflow.jobs.macos["runs-on"]).toBe("macos-latest");
  const runs = workflow.jobs.macos.steps.flatMap((s) => (s.run ? [s.run] : []));
  expect(runs[0]).toContain("scripts/platformPackages.ts");
  expect(runs[1]).toMatch(/^npx vitest run apps\/backend\/test\/startupEnvironment\.test\.ts /);
});

describe("windows smoke helpers", () => {
  it("reads the last backend port from desktop.log", () => {
    const log =
      "x [main] The backend is ready on port 4100.\ny [main] The backend exited (code 1).\nz [main] The backend is ready on port 50123.\n";
    expect(backendPortFromLog(log)).toBe(50123);
    expect(backendPortFromLog("nothing yet")).toBeNull();
  });

  it("parses tasklist CSV, including the no-match message", () => {
    expect(
      tasklistImages(
        '"opencode.exe","4242","Console","1","120,000 K"\r\n"OpenCode Turnkey.exe","17","Console","1","80,000 K"\r\n',
      ),
    ).toEqual(["opencode.exe", "OpenCode Turnkey.exe"]);
    expect(tasklistImages("INFO: No tasks are running which match the specified criteria.\r\n")).toEqual([]);
  });

  it("knows where the per-user installer puts the app", () => {
    expect(installDirCandidates({ LOCALAPPDATA: "C:\\Users\\Zoë\\AppData\\Local" })).toEqual([
      "C:\\Users\\Zoë\\AppData\\Local\\Programs\\opencode-turnkey",
      "C:\\Users\\Zoë\\AppData\\Local\\Programs\\OpenCode Turnkey",
    ]);
  });

  it("waits with a deadline and says what it waited for", async () => {
    let n = 0;
    expect(await waitFor("three", () => (++n === 3 ? n : null), 1_000, 1)).toBe(3);
    await expect(waitFor("never", () => null, 5, 1)).rejects.toThrow("Timed out after 0.005 s waiting for never.");
  });
});
