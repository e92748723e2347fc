// The project routes without a model: every kind of bad path is refused with a sentence and
// nothing saved; the list is recent first and never holds more than paths and times; the folder
// browser lists folders only; and `--workdir`/`--project` seed the list.
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTurnkeyClient, TurnkeyApiError } from "@turnkey/client";
import { describe, expect, it } from "vitest";
import { listFolders } from "../src/projects/folderBrowser.ts";
import { checkFolder } from "../src/projects/folderPath.ts";
import { InvalidProjectError } from "../src/startBackend.ts";
import { bearer, jsonPost, raw, tempDir, testBackend } from "./harness.ts";

const clientFor = (backend: { url: string; token: string }) =>
  createTurnkeyClient({ baseUrl: backend.url, token: backend.token });

describe("POST /api/projects", () => {
  it("refuses every bad path with 400 and a sentence, and saves nothing", async () => {
    const dataDir = tempDir();
    const backend = await testBackend("", { dataDir });
    const base = realpathSync(tempDir());
    const file = join(base, "notes.txt");
    writeFileSync(file, "not a folder");
    mkdirSync(join(base, "real"));
    const cases: [string, string][] = [
      [join(base, "missing"), "There is no folder at"],
      [file, "is a file, not a folder"],
      ["relative/folder", "is not a full path"],
      ["./real", "is not a full path"],
      [`${base}/real/../real`, 'goes up with ".."'],
      [`${base}/..`, 'goes up with ".."'],
      [`/${"a".repeat(4095)}`, "characters long"],
      ["", "No folder was given"],
      [`${base}/real\0/x`, "NUL"],
    ];
    for (const [path, sentence] of cases) {
      const res = await jsonPost(backend, "/api/projects", JSON.stringify({ path }));
      expect(res.status, path.slice(0, 80)).toBe(400);
      const body = res.json() as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_path");
      expect(body.error.message).toContain(sentence);
      expect(body.error.message.length).toBeLessThan(300); // a sentence, not the 4 KB path
    }
    expect(await clientFor(backend).projects()).toEqual([]);
    expect(JSON.parse(readFileSync(join(dataDir, "settings.json"), "utf8")).projects).toEqual([]);
    // Sessions given a bad folder are refused the same way, before anything reaches opencode.
    const session = await jsonPost(backend, "/api/sessions", JSON.stringify({ directory: file }));
    expect(session.status).toBe(400);
    expect((session.json() as { error: { message: string } }).error.message).toContain("is a file");
  });

  it("refuses a folder the user cannot read", async () => {
    const denied = Object.assign(new Error("EACCES"), { code: "EACCES" });
    const result = await checkFolder("/srv/locked", {
      platform: "linux",
      fs: {
        stat: async () => ({ isDirectory: () => true }),
        access: async () => Promise.reject(denied),
        realpath: async (p) => p,
      },
    });
    expect(result).toEqual({
      ok: false,
      message:
        "You do not have permission to open /srv/locked. Choose a folder you can read, or change its permissions.",
    });
  });

  it("checks Windows paths as Windows does: a drive, never a bare backslash, never a share or device path", async () => {
    const fs = {
      stat: async () => ({ isDirectory: () => true }),
      access: async () => undefined,
      realpath: async (p: string) => p,
    };
    expect(await checkFolder("C:\\Users\\zoë\\code", { platform: "win32", fs })).toEqual({
      ok: true,
      path: "C:\\Users\\zoë\\code",
    });
    // Network shares and device paths, however written, are refused before anything touches them.
    let touched = 0;
    const counting = { ...fs, stat: async () => ({ isDirectory: () => ++touched > 0 }) };
    for (const unc of [
      "\\\\server\\share\\repo",
      "//server/share/repo",
      "\\/server/share",
      "\\\\?\\UNC\\server\\share\\repo",
      "\\\\?\\C:\\code",
      "\\\\.\\C:\\code",
    ]) {
      const refused = await checkFolder(unc, { platform: "win32", fs: counting });
      expect(refused).toEqual({ ok: false, message: expect.stringContaining("is a network share or device path;") });
      const listed = await listFolders(unc, { home: "C:\\Users\\zoë", platform: "win32", fs: counting });
      expect(listed).toMatchObject({ ok: false, message: expect.stringContaining("network share") });
    }
    expect(touched).toBe(0);
    // …and so is a local link that leads to one.
    // (The drive itself is local: a drive whose root is a share is a mapped drive, mappedDrive.test.ts.)
    const linked = { ...fs, realpath: async (p: string) => (p === "C:\\" ? p : "\\\\evil-host\\share\\repo") };
    expect(await checkFolder("C:\\link", { platform: "win32", fs: linked })).toMatchObject({ ok: false });
    // On POSIX two slashes are just a path.
    expect(await checkFolder("//srv/code", { platform: "linux", fs })).toMatchObject({ ok: true });
    expect(await checkFolder("\\Users\\code", { platform: "win32", fs })).toMatchObject({ ok: false });
    expect(await checkFolder("C:code", { platform: "win32", fs })).toMatchObject({ ok: false });
    expect(await checkFolder("C:\\code\\..\\Windows", { platform: "win32", fs })).toMatchObject({ ok: false });
  });

  it("keeps the list recent first, gives a folder one id, and forgets a project without touching it", async () => {
    const dataDir = tempDir();
    const backend = await testBackend("", { dataDir });
    const client = clientFor(backend);
    const base = realpathSync(tempDir("turnkey projects ü "));
    for (const name of ["one", "two"]) mkdirSync(join(base, name));
    writeFileSync(join(base, "one", "kept.txt"), "untouched");
    const one = await client.addProject(join(base, "one"));
    expect(one).toMatchObject({ created: true, project: { path: join(base, "one"), name: "one", exists: true } });
    await client.addProject(join(base, "two"));
    expect((await client.projects()).map((p) => p.name)).toEqual(["two", "one"]);
    // Adding it again (here through a symlink) finds the same project and makes it the most recent.
    // A junction on Windows: a folder link that needs no symlink privilege (ignored elsewhere).
    symlinkSync(join(base, "one"), join(base, "link"), "junction");
    const again = await client.addProject(join(base, "link"));
    expect(again).toMatchObject({ created: false, project: { id: one.project.id } });
    expect((await client.projects()).map((p) => p.name)).toEqual(["one", "two"]);

    const saved = readFileSync(join(dataDir, "settings.json"), "utf8");
    expect(Object.keys(JSON.parse(saved).projects[0]).sort()).toEqual(["addedAt", "openedAt", "path"]);
    expect(saved).not.toContain(backend.token);

    expect(await client.removeProject(one.project.id)).toEqual({ deleted: true });
    expect((await client.projects()).map((p) => p.name)).toEqual(["two"]);
    await expect(client.removeProject(one.project.id)).rejects.toMatchObject({ httpStatus: 404 });
    expect(readFileSync(join(base, "one", "kept.txt"), "utf8")).toBe("untouched");
  });

  it("shows the git branch of a project", async () => {
    const backend = await testBackend();
    const repo = realpathSync(tempDir());
    mkdirSync(join(repo, ".git"));
    writeFileSync(join(repo, ".git", "HEAD"), "ref: refs/heads/feature/ü-branch\n");
    mkdirSync(join(repo, "sub"));
    const { project } = await clientFor(backend).addProject(join(repo, "sub"));
    expect(project.branch).toBe("feature/ü-branch");
  });
});

describe("GET /api/folders", () => {
  it("lists sub-folders only, starting at home, with the roots, and refuses what cannot be listed", async () => {
    const home = realpathSync(tempDir("home ü "));
    mkdirSync(join(home, "code"));
    mkdirSync(join(home, "Äpfel"));
    mkdirSync(join(home, ".hidden"));
    writeFileSync(join(home, "secret.txt"), "never listed");
    const backend = await testBackend("", { homeDir: home });
    const client = clientFor(backend);
    const listing = await client.folders();
    expect(listing).toEqual({
      path: home,
      parent: join(home, ".."),
      folders: [
        { name: "Äpfel", path: join(home, "Äpfel") },
        { name: "code", path: join(home, "code") },
      ],
      roots: [
        { name: "Home", path: home },
        { name: "/", path: "/" },
      ],
    });
    expect(JSON.stringify(listing)).not.toContain("secret");
    expect((await client.folders(join(home, "code"))).folders).toEqual([]);
    const refused = await client.folders(join(home, "secret.txt")).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TurnkeyApiError);
    expect((refused as TurnkeyApiError).message).toContain("is a file");
    const relative = await raw(backend, { path: "/api/folders?path=..%2F..", headers: bearer(backend) });
    expect(relative.status).toBe(400);
  });
});

describe("projects given at start", () => {
  it("makes --workdir the first project and adds every --project", async () => {
    const base = realpathSync(tempDir());
    for (const name of ["work", "p1", "p2"]) mkdirSync(join(base, name));
    const backend = await testBackend("", {
      workdir: join(base, "work"),
      projects: [join(base, "p1"), join(base, "p2")],
    });
    expect((await clientFor(backend).projects()).map((p) => p.name)).toEqual(["work", "p1", "p2"]);
  });

  it("refuses to start with a --project that is not a folder, with a sentence", async () => {
    const missing = join(realpathSync(tempDir()), "nope");
    await expect(testBackend("", { projects: [missing] })).rejects.toThrow(InvalidProjectError);
    await expect(testBackend("", { projects: [missing] })).rejects.toThrow(`There is no folder at ${missing}`);
  });
});
