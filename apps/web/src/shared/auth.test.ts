import { describe, expect, it } from "vitest";
import { takeLaunchToken } from "./auth.ts";

function place(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored ? [["turnkey.token", stored]] : []);
  const replaced: string[] = [];
  return {
    storage,
    replaced,
    place: {
      location: { hash, pathname: "/chat", search: "?x=1" },
      storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) },
      history: { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => replaced.push(String(url)) },
    },
  };
}

describe("the launch token of a window", () => {
  it("takes it from the fragment, keeps it in sessionStorage and clears the address bar", () => {
    const p = place("#token=abc%2Bdef");
    expect(takeLaunchToken(p.place)).toBe("abc+def");
    expect(p.storage.get("turnkey.token")).toBe("abc+def");
    expect(p.replaced).toEqual(["/chat?x=1"]);
  });

  it("uses the stored one after a reload or a navigation, and a new link replaces it", () => {
    expect(takeLaunchToken(place("", "kept").place)).toBe("kept");
    expect(takeLaunchToken(place("#token=new", "kept").place)).toBe("new");
    expect(takeLaunchToken(place("").place)).toBeNull();
  });
});
