import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pinnedOpencodeVersion } from "./version.ts";

const read = (path: string) => JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "..", path), "utf8"));

describe("the pinned opencode version", () => {
  it("is an exact version, and the SDK and the installed binary follow it", () => {
    expect(pinnedOpencodeVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(read("apps/backend/package.json").dependencies["@opencode-ai/sdk"]).toBe(pinnedOpencodeVersion);
    expect(read("node_modules/opencode-ai/package.json").version).toBe(pinnedOpencodeVersion);
  });
});
