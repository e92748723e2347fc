// Each check of the file panel's path gate on its own, against real folders and links: removing
// any one of them fails a test here.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { containedPath, isInside, normalizeProjectPath, PathRefusedError } from "./containment.ts";

const onWindows = process.platform === "win32";
const posixIt = it.skipIf(onWindows);

const root = realpathSync(mkdtempSync(join(tmpdir(), "turnkey containment-")));
const project = join(root, "project");
const data = join(project, ".turnkey-data");
mkdirSync(join(project, "src"), { recursive: true });
mkdirSync(data);
writeFileSync(join(project, "src", "a.ts"), "a");
writeFileSync(join(root, "secret.txt"), "s");
writeFileSync(join(data, "settings.json"), "{}");
symlinkSync(join(root, "secret.txt"), join(project, "out-link"));
symlinkSync(root, join(project, "out-folder"));
symlinkSync(join(project, "src"), join(project, "in-folder"));
symlinkSync(join(data, "settings.json"), join(project, "src", "data-link"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function refusal(path: string, privateFolders: string[] = [data]): Promise<PathRefusedError> {
  const error = await containedPath(project, path, privateFolders).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof PathRefusedError)) throw new Error(`${path} was not refused`);
  return error;
}

describe("normalizeProjectPath", () => {
  it.each(["/etc/passwd", "\\\\server\\share", "C:\\Windows", "c:/x"])("refuses the absolute path %s", (path) => {
    expect(() => normalizeProjectPath(path)).toThrow(/absolute path/);
  });
  it.each(["..", "../x", "src/../../x", "src\\..\\..\\x", "a/.."])("refuses %s, which climbs with ..", (path) => {
    expect(() => normalizeProjectPath(path)).toThrow(/climbs out/);
  });
  it("refuses NUL and overlong paths, and tidies the rest", () => {
    expect(() => normalizeProjectPath("a\0b")).toThrow(/NUL/);
    expect(() => normalizeProjectPath("a".repeat(4001))).toThrow(/too long/);
    expect(normalizeProjectPath("./src//a.ts/")).toBe("src/a.ts");
    expect(normalizeProjectPath("")).toBe("");
  });
});

describe("containedPath", () => {
  it("resolves paths inside the project, links that stay inside included", async () => {
    expect(await containedPath(project, "src/a.ts", [data])).toMatchObject({
      relative: "src/a.ts",
      isDirectory: false,
    });
    expect(await containedPath(project, "in-folder/a.ts", [data])).toMatchObject({ relative: "src/a.ts" });
    expect(await containedPath(project, "", [data])).toMatchObject({ relative: "", isDirectory: true });
  });
  it("refuses links that lead out of the project, to a file or through a folder (403)", async () => {
    for (const path of ["out-link", "out-folder/secret.txt", "out-folder"]) {
      const error = await refusal(path);
      expect(error.httpStatus, path).toBe(403);
      expect(error.code).toBe("path_outside_project");
      expect(error.message).toMatch(/outside the project folder/);
    }
  });
  it("refuses the private data folder inside the project, directly or through a link (403)", async () => {
    for (const path of [".turnkey-data/settings.json", ".turnkey-data", "src/data-link"]) {
      const error = await refusal(path);
      expect(error.httpStatus, path).toBe(403);
      expect(error.message).toMatch(/own data folder/);
    }
    // The same path is readable when the folder is not a private one: the refusal is that check.
    expect(await containedPath(project, ".turnkey-data/settings.json", [])).toMatchObject({ isDirectory: false });
  });
  // POSIX: mkfifo and /dev (Windows has neither: its pipes live in \\.\pipe\, which is no project path).
  posixIt("refuses a FIFO and a device with a sentence, not opencode's server error (400, review 4 S2)", async () => {
    execFileSync("mkfifo", [join(project, "pipe")]);
    for (const [path, root] of [
      ["pipe", project],
      ["null", "/dev"],
    ] as const) {
      const error = await containedPath(root, path, [data]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, path).toBeInstanceOf(PathRefusedError);
      expect((error as PathRefusedError).httpStatus).toBe(400);
      expect((error as PathRefusedError).message).toBe(
        `${path} is not a regular file (a pipe, socket or device) and cannot be shown.`,
      );
    }
  });
  it("answers 404 for nothing there", async () => {
    expect((await refusal("missing.txt")).httpStatus).toBe(404);
  });
});

// POSIX: needs "project" and "PROJECT" side by side, which a default (case-insensitive) NTFS folder
// cannot hold; the caseless rule Windows uses is checked in isInside's test below.
describe.skipIf(onWindows)("case", () => {
  it("lets no link out to a folder whose name differs only in case, where names ignore case by default", async () => {
    // Linux's case-sensitive folders stand in for a case-sensitive NTFS folder or Mac volume.
    const sibling = join(root, "PROJECT");
    mkdirSync(sibling, { recursive: true });
    writeFileSync(join(sibling, "other.txt"), "o");
    symlinkSync(sibling, join(project, "case-link"));
    const platform = Object.getOwnPropertyDescriptor(process, "platform");
    Object.defineProperty(process, "platform", { value: "darwin" });
    try {
      expect((await refusal("case-link/other.txt")).httpStatus).toBe(403);
      expect((await containedPath(project, "src/a.ts", [data])).relative).toBe("src/a.ts");
      // The private folder is still refused whatever case its path is given in.
      expect((await refusal("src/data-link", [data.toUpperCase()])).httpStatus).toBe(403);
    } finally {
      if (platform) Object.defineProperty(process, "platform", platform);
    }
  });
});

describe("isInside", () => {
  it("matches whole names, and ignores case only where names do", () => {
    // In this platform's separator (isInside compares with path.sep: \\ on Windows).
    const [ab, abc] = [normalize("/a/b"), normalize("/a/b/c")];
    expect(isInside(ab, abc, false)).toBe(true);
    expect(isInside(ab, normalize("/a/bc"), false)).toBe(false);
    expect(isInside(normalize("/a/B"), abc, false)).toBe(false);
    expect(isInside(normalize("/a/B"), abc, true)).toBe(true);
  });
});
