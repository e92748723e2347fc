// The project actions' store (per project, names unique, capped, the file kept private and an
// unreadable one moved aside) and the package.json suggestions, without OpenCode.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { maxActionsPerProject } from "@turnkey/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { ActionStore } from "./actionStore.ts";
import { packageManagerOf, scriptCommand, scriptSuggestions } from "./projectScripts.ts";

const root = mkdtempSync(join(tmpdir(), "turnkey-actions-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let made = 0;
const freshDir = () => {
  const dir = join(root, `case-${++made}`);
  mkdirSync(dir);
  return dir;
};
const refusal = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error("not refused");
};

describe("the action store", () => {
  it("keeps each project's actions apart, and reads them back after a restart", () => {
    const file = join(freshDir(), "actions.json");
    let n = 0;
    const store = new ActionStore(
      file,
      () => undefined,
      () => `id-${++n}`,
    );
    const dev = store.add("project-a", { name: "Dev", command: "npm run dev" });
    store.add("project-b", { name: "Dev", command: "cargo run" });
    expect(store.actions("project-a")).toEqual([{ id: "id-1", name: "Dev", command: "npm run dev" }]);
    const again = new ActionStore(file, () => undefined);
    expect(again.actions("project-b")).toEqual([{ id: "id-2", name: "Dev", command: "cargo run" }]);
    if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
    // Changing and removing touch only the one asked for; another project's id is not found.
    expect(refusal(() => again.remove("project-b", dev.id))).toMatchObject({ code: "action_not_found" });
    again.change("project-a", dev.id, { name: "Dev", command: "npm run dev -- --host" });
    again.remove("project-b", "id-2");
    expect(new ActionStore(file, () => undefined).actions("project-a")[0]?.command).toBe("npm run dev -- --host");
  });

  it("refuses a name taken in the project and more than a row's worth, changing nothing", () => {
    const file = join(freshDir(), "actions.json");
    const store = new ActionStore(file, () => undefined);
    const test = store.add("p", { name: "Test", command: "npm test" });
    expect(refusal(() => store.add("p", { name: "test", command: "x" }))).toMatchObject({
      httpStatus: 409,
      code: "action_exists",
    });
    const other = store.add("p", { name: "Other", command: "y" });
    expect(refusal(() => store.change("p", other.id, { name: "TEST", command: "y" }))).toMatchObject({
      code: "action_exists",
    });
    for (let i = store.actions("p").length; i < maxActionsPerProject; i++)
      store.add("p", { name: `a${i}`, command: "z" });
    const full = refusal(() => store.add("p", { name: "one more", command: "z" }));
    expect((full as Error).message).toMatch(/at most 20 actions/);
    expect(store.actions("p")).toHaveLength(maxActionsPerProject);
    expect(store.actions("p")[0]).toEqual(test);
  });

  it("moves an unreadable file aside, says so, and starts an empty list", () => {
    const dir = freshDir();
    const file = join(dir, "actions.json");
    new ActionStore(file, () => undefined).add("p", { name: "Dev", command: "npm run dev" });
    writeFileSync(file, "{ not json");
    const logged: string[] = [];
    const store = new ActionStore(file, (line) => logged.push(line));
    expect(store.actions("p")).toEqual([]);
    expect(logged.join("\n")).toMatch(/could not be read .* kept as actions\.unreadable-\d+\.json/);
    const aside = readdirSync(dir).find((name) => name.startsWith("actions.unreadable-"));
    expect(readFileSync(join(dir, aside ?? "missing"), "utf8")).toBe("{ not json");
  });
});

describe("suggestions from package.json", () => {
  const project = (files: Record<string, string>) => {
    const dir = freshDir();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };

  it("offers the scripts a person runs, written for the project's package manager", () => {
    const scripts = {
      dev: "vite",
      build: "tsc && vite build",
      pretest: "lint",
      test: "vitest",
      postinstall: "patch",
      prepare: "husky",
      "weird name": "x",
      "test:e2e": "playwright test",
    };
    const npm = project({ "package.json": JSON.stringify({ scripts }) });
    expect(scriptSuggestions(npm)).toEqual({
      suggestions: [
        { name: "dev", command: "npm run dev", from: "package.json", script: "vite" },
        { name: "build", command: "npm run build", from: "package.json", script: "tsc && vite build" },
        { name: "test", command: "npm test", from: "package.json", script: "vitest" },
        { name: "test:e2e", command: "npm run test:e2e", from: "package.json", script: "playwright test" },
      ],
      problem: null,
    });
    const yarn = project({ "package.json": JSON.stringify({ scripts: { start: "node ." } }), "yarn.lock": "" });
    expect(scriptSuggestions(yarn).suggestions[0]?.command).toBe("yarn run start");
    expect(packageManagerOf("/p", (path) => path.endsWith("bun.lockb"))).toBe("bun");
    expect(scriptCommand("pnpm", "test")).toBe("pnpm run test");
  });

  it("says why a broken package.json gives none, and is quiet when there is none", () => {
    expect(scriptSuggestions(project({ "package.json": "{ broken" }))).toMatchObject({
      suggestions: [],
      problem: expect.stringMatching(
        /^The project's package\.json could not be read \(.+\), so its scripts are not suggested\.$/,
      ),
    });
    expect(scriptSuggestions(project({ "README.md": "" }))).toEqual({ suggestions: [], problem: null });
    expect(scriptSuggestions(project({ "package.json": "null" }))).toEqual({ suggestions: [], problem: null });
  });

  // Review 26, M2: opening a named pipe waits for a writer, on the backend's one event loop.
  it.skipIf(process.platform === "win32")("refuses a package.json that is a named pipe, at once", () => {
    const dir = freshDir();
    execFileSync("mkfifo", [join(dir, "package.json")]);
    expect(scriptSuggestions(dir)).toEqual({
      suggestions: [],
      problem:
        "The project's package.json could not be read (it is not a file of at most 1 MB), so its scripts are not suggested.",
    });
  });
});
