import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { backendBundleOptions } from "./buildBackend.ts";
import { markSchemasPure } from "./leanZod.ts";

const root = join(import.meta.dirname, "..");

/**
 * Bundles `code` as the backend build does, from a file under an `apps/<name>/src` folder inside
 * the repository (test-artifacts/, ignored by git), so "zod" resolves as it does for the backend.
 */
async function bundle(code: string, lean = true): Promise<string> {
  mkdirSync(join(root, "test-artifacts"), { recursive: true });
  const dir = join(mkdtempSync(join(root, "test-artifacts", "leanzod-")), "apps", "probe", "src");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "entry.ts"), code);
  const options = backendBundleOptions(join(dir, "entry.ts"), join(dir, "out.mjs"));
  const plugins = options.plugins?.filter((plugin) => lean || plugin.name !== "lean-zod");
  const result = await build({ ...options, plugins, sourcemap: false, write: false });
  return result.outputFiles[0]!.text;
}

describe("the backend bundle keeps only the zod it uses", () => {
  it("leaves out contract schemas nothing uses, and the ones it keeps still parse", async () => {
    const contracts = join(root, "packages", "contracts", "src", "index.ts");
    const code = await bundle(
      `import { SidecarStatus } from ${JSON.stringify(contracts)};\nexport const parse = (v: unknown) => SidecarStatus.safeParse(v).success;\n`,
    );
    const declares = (name: string) => new RegExp(`\\b${name}\\s*=`).test(code);
    expect(declares("SidecarStatus")).toBe(true);
    expect(declares("HealthResult")).toBe(true); // part of SidecarStatus
    expect(declares("ChatSession")).toBe(false);
    const out = join(mkdtempSync(join(tmpdir(), "turnkey-leanzod-")), "out.mjs"); // self-contained
    writeFileSync(out, code);
    const { parse } = (await import(pathToFileURL(out).href)) as { parse: (v: unknown) => boolean };
    expect(parse({ state: "nonsense" })).toBe(false);
  });

  it("keeps only the zod functions the code names", async () => {
    const code =
      'import { z } from "zod";\nexport const ok = z.object({ a: z.string() }).safeParse({ a: "x" }).success;\n';
    const lean = await bundle(code);
    const whole = await bundle(code, false);
    expect(lean.length).toBeLessThan(whole.length * 0.6);
  });

  it("wraps each top-level schema, whatever its layout, and nothing else", async () => {
    const source = [
      "export const list = [1, 2] as const;",
      "export const A = z",
      "  .object({ a: z.string() })",
      "  .strict();",
      "const B: z.ZodType = A.extend({});",
      "export type A = z.infer<typeof A>;",
    ].join("\n");
    expect(await markSchemasPure(source)).toBe(
      [
        "export const list = [1, 2] as const;",
        "export const A = /* @__PURE__ */ (() => z",
        "  .object({ a: z.string() })",
        "  .strict())();",
        "const B: z.ZodType = /* @__PURE__ */ (() => A.extend({}))();",
        "export type A = z.infer<typeof A>;",
      ].join("\n"),
    );
  });
});
