// Saving an MCP server's entry changes the config the user keeps, where they keep it: a symlinked
// opencode.json (dotfiles) stays a link and its target gets the text; a rename Windows refuses for
// a moment (the indexer, an editor) is tried again; `__proto__` finds no entry (review 8, L1 L2 W1).
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMcpName, mcpNameProblem } from "@turnkey/contracts";
import { renameWithRetry } from "@turnkey/sidecar";
import { afterEach, describe, expect, it } from "vitest";
import { entryIn, replaceFile } from "./mcpConfigFiles.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), "turnkey-config-write-"));
  dirs.push(dir);
  return dir;
}

describe("writing an MCP server's config file", () => {
  it.skipIf(process.platform === "win32")("writes a symlinked config where the link points, and keeps the link", () => {
    const root = temp();
    mkdirSync(join(root, "dotfiles"));
    const real = join(root, "dotfiles", "opencode.json");
    writeFileSync(real, "{}\n");
    const link = join(root, "opencode.json");
    symlinkSync(real, link);
    replaceFile(link, '{ "mcp": {} }\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe('{ "mcp": {} }\n');
  });

  it("tries a rename again while Windows holds the file (EPERM), and still writes it", () => {
    const file = join(temp(), "opencode.json");
    writeFileSync(file, "{}\n");
    let refusals = 2;
    replaceFile(file, "{ }\n", (from, to) =>
      renameWithRetry(from, to, {
        pause: () => {},
        rename: (a, b) => {
          if (refusals-- > 0) throw Object.assign(new Error("EPERM: operation not permitted"), { code: "EPERM" });
          writeFileSync(b, readFileSync(a));
          rmSync(a);
        },
      }),
    );
    expect(readFileSync(file, "utf8")).toBe("{ }\n");
    expect(refusals).toBe(-1);
  });

  it("leaves no copy of the new config beside the file when the rename fails for good", () => {
    const folder = temp();
    const file = join(folder, "opencode.json");
    writeFileSync(file, "{}\n");
    const refuse = () => {
      throw Object.assign(new Error("EPERM: operation not permitted"), { code: "EPERM" });
    };
    expect(() => replaceFile(file, '{ "token": "sk-typed" }\n', refuse)).toThrow(/EPERM/);
    expect(readdirSync(folder)).toEqual(["opencode.json"]);
    expect(readFileSync(file, "utf8")).toBe("{}\n");
  });

  it("finds no entry under Object's own names, and refuses __proto__ as a server's name", () => {
    const config = JSON.parse('{ "mcp": { "real": { "type": "local", "command": ["x"] } } }');
    expect(entryIn(config, "real")).toEqual({ type: "local", command: ["x"] });
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"])
      expect(entryIn(config, name)).toBeNull();
    expect(isMcpName("__proto__")).toBe(false);
    expect(mcpNameProblem("__proto__")).toMatch(/Rename it in opencode\.json/);
    expect(isMcpName("constructor")).toBe(true);
  });
});
