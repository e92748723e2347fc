// The sentence a server's state gets: a remote server that offers no client registration fails
// in the MCP SDK's own words (opencode 1.18.33 reports it as `failed`, not as
// needs_client_registration), and is told to get a client id like one that refuses registration.
import { describe, expect, it } from "vitest";
import { mcpSentence } from "./mcpService.ts";

describe("an MCP server's sentence", () => {
  it("asks for a client id when the server offers no registration", () => {
    const error = "Incompatible auth server: does not support dynamic client registration";
    expect(mcpSentence("api", { status: "failed", error }, null)).toBe(
      `It does not let OpenCode register itself for sign-in (${error}). Press Edit and give it a client id from its provider (opencode.json's "oauth": { "clientId": "…" } for "api").`,
    );
    expect(mcpSentence("tools", { status: "failed", error: "MCP error -32000: Connection closed" }, null)).toContain(
      'Check its command or address for "tools" in opencode.json',
    );
  });
});
