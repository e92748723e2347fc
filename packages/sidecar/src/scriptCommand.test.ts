// Node scripts as the opencode program: how they are started, and that Windows accepts them.
import { describe, expect, it } from "vitest";
import { fakeOpencode } from "../test/harness.ts";
import { defaultCheckFile } from "./resolveBinary.ts";
import { commandFor, runsAsNodeScript } from "./scriptCommand.ts";

const node = { execPath: "C:\\Program Files\\nodejs\\node.exe" };

describe("a Node script as the opencode program", () => {
  it("runs under the backend's own Node, on every platform, and never under Electron", () => {
    expect(commandFor("C:\\t\\fake-opencode.mjs", ["serve"], node)).toEqual([
      node.execPath,
      ["C:\\t\\fake-opencode.mjs", "serve"],
    ]);
    expect(commandFor("/t/wrapper.js", ["serve", "--port", "0"], { execPath: "/usr/bin/node" })).toEqual([
      "/usr/bin/node",
      ["/t/wrapper.js", "serve", "--port", "0"],
    ]);
    expect(commandFor("C:\\o\\opencode.exe", ["serve"], node)).toEqual(["C:\\o\\opencode.exe", ["serve"]]);
    const electron = { execPath: "C:\\Apps\\OpenCode Turnkey.exe", electron: "45.4.1" };
    expect(runsAsNodeScript("C:\\t\\fake.mjs", electron)).toBe(false);
    expect(commandFor("C:\\t\\fake.mjs", ["serve"], electron)).toEqual(["C:\\t\\fake.mjs", ["serve"]]);
  });

  it("is accepted as a program on Windows, where only .exe files otherwise are", async () => {
    expect(await defaultCheckFile(fakeOpencode, "win32")).toBe("ok");
    expect(await defaultCheckFile(`${fakeOpencode}.missing`, "win32")).toBe("missing");
  });
});
