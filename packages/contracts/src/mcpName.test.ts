// Which MCP server names a URL's path can carry: "." and ".." are resolved away by every URL parser
// (encoded as %2E%2E too), so a server so named could never be reached; refused with a sentence.
import { describe, expect, it } from "vitest";
import { isMcpName, mcpNameProblem } from "./mcp.ts";

describe("MCP server names in a route's path", () => {
  it("refuses the dot segments with a sentence that says to rename the server", () => {
    for (const name of [".", ".."]) {
      expect(isMcpName(name)).toBe(false);
      expect(mcpNameProblem(name)).toContain(`a web address drops "${name}" from its path`);
    }
    // What the URL parser does with them, which is why they are refused.
    expect(new URL(`http://h/api/mcp/${encodeURIComponent("..")}/sign-in`).pathname).toBe("/api/sign-in");
    expect(new URL("http://h/api/mcp/%2E%2E/sign-in").pathname).toBe("/api/sign-in");
  });

  it("accepts names with dots in them, and refuses slashes and control characters", () => {
    for (const name of ["...", ".hidden", "a.b", "my server"]) expect(mcpNameProblem(name)).toBeNull();
    for (const name of ["a/b", "a\\b", "a\u0001", ""]) expect(mcpNameProblem(name)).toContain("Rename it");
  });
});
