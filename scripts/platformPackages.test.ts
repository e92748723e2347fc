// Which platform packages windows.yml adds after `npm install` when the lockfile left them out.
import { describe, expect, it } from "vitest";
import { missingPackages, wantedPackages } from "./platformPackages.ts";

const avx2 = { avx2: () => true, musl: () => false };
const optional: Record<string, Record<string, string>> = {
  "@biomejs/biome": { "@biomejs/cli-win32-x64": "2.6.8", "@biomejs/cli-linux-x64": "2.6.8" },
  "opencode-ai": { "opencode-windows-x64": "1.18.33", "opencode-windows-x64-baseline": "1.18.33" },
};

describe("platform packages npm left out", () => {
  it("on Windows x64: biome's CLI and opencode's package, at the versions their parents pin", () => {
    const missing = missingPackages(
      wantedPackages("win32", "x64", avx2),
      () => false,
      (p) => optional[p] ?? {},
    );
    expect(missing).toEqual(["@biomejs/cli-win32-x64@2.6.8", "opencode-windows-x64@1.18.33"]);
  });

  it("nothing when one of the candidates is there (as on this Linux machine)", () => {
    const installed = new Set(["@biomejs/cli-win32-x64", "opencode-windows-x64-baseline"]);
    expect(
      missingPackages(
        wantedPackages("win32", "x64", avx2),
        (n) => installed.has(n),
        (p) => optional[p] ?? {},
      ),
    ).toEqual([]);
  });

  it("a CPU without AVX2 gets the baseline build, as opencode-ai's postinstall chooses", () => {
    const noAvx2 = { avx2: () => false, musl: () => false };
    expect(
      missingPackages(
        wantedPackages("win32", "x64", noAvx2),
        () => false,
        (p) => optional[p] ?? {},
      ),
    ).toContain("opencode-windows-x64-baseline@1.18.33");
  });
});
