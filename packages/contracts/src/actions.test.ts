// The local address a dev server prints, found in a terminal's colour-coded output, and the rules
// an action's settings are held to.
import { describe, expect, it } from "vitest";
import { ActionSettings, actionOfTerminal, actionTerminalPrefix, localAddressIn } from "./actions.ts";

describe("localAddressIn", () => {
  it("finds the address dev servers print, through their colour codes", () => {
    // Vite's line, as it colours it.
    expect(
      localAddressIn(
        "  \u001b[32m➜\u001b[39m  \u001b[1mLocal\u001b[22m:   \u001b[36mhttp://localhost:\u001b[1m5173\u001b[22m/\u001b[39m\r\n",
      ),
    ).toBe("http://localhost:5173/");
    expect(localAddressIn("Listening on http://127.0.0.1:8000/docs?x=1 (Press CTRL+C)")).toBe(
      "http://127.0.0.1:8000/docs?x=1",
    );
    expect(localAddressIn("Serving on https://0.0.0.0:8443")).toBe("https://localhost:8443/");
    expect(localAddressIn("at http://[::1]:3000.")).toBe("http://[::1]:3000/");
    // A server that moved to another port says so after the first: the last one printed.
    expect(
      localAddressIn("Local: http://localhost:5173/\r\nPort 5173 is in use\r\nLocal: http://localhost:5174/"),
    ).toBe("http://localhost:5174/");
  });

  it("offers nothing that is not a local address with a port", () => {
    expect(localAddressIn("see https://example.com:8080/ and http://localhost/")).toBeNull();
    expect(localAddressIn("http://localhost:99999/")).toBeNull();
    expect(localAddressIn("http://localhost.evil.example:80/")).toBeNull();
    expect(localAddressIn("no address here")).toBeNull();
  });
});

describe("an action's settings", () => {
  it("are one line, named, and trimmed", () => {
    expect(ActionSettings.parse({ name: " Dev ", command: " npm run dev " })).toEqual({
      name: "Dev",
      command: "npm run dev",
    });
    expect(ActionSettings.safeParse({ name: "Two", command: "a\r\nb" }).error?.issues[0]?.message).toMatch(/one line/);
    expect(ActionSettings.safeParse({ name: "", command: "x" }).success).toBe(false);
    expect(ActionSettings.safeParse({ name: "x", command: "y", extra: 1 }).success).toBe(false);
    // Typed into a terminal, a control character is a key (Tab completes, Ctrl+C stops); a name is shown.
    expect(ActionSettings.safeParse({ name: "x", command: "npm\trun dev" }).error?.issues[0]?.message).toMatch(
      /control character/,
    );
    expect(ActionSettings.safeParse({ name: "x", command: "npm run dev\u0003" }).success).toBe(false);
    expect(ActionSettings.safeParse({ name: "Dev\u202e", command: "x" }).success).toBe(false);
  });

  it("name the terminal that runs them", () => {
    expect(actionOfTerminal(`${actionTerminalPrefix}Dev server`)).toBe("Dev server");
    expect(actionOfTerminal("Terminal")).toBeNull();
  });
});
