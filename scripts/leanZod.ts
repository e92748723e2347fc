// What keeps zod's cost in the backend bundle down. zod builds every schema when its module
// loads, and each schema is a heavy object (its parser and a few dozen method closures); the
// bundle's code itself costs an idle backend memory for every function it declares. So the
// bundle keeps only the zod functions and the contract schemas the backend really uses.
import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

/**
 * zod's translated error messages (~290 KB of the bundle, every language) are reachable only
 * through `z.locales`/`z.config(…)`, which the backend never calls: it answers in English, and
 * zod registers its English messages by a direct import that this leaves alone.
 */
export const withoutZodLocales: Plugin = {
  name: "without-zod-locales",
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: "zod-locales", namespace: "without-zod-locales" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "without-zod-locales" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/**
 * `import { z } from "zod"` hands esbuild zod's namespace as one object, so it keeps all of zod
 * (288 KB of the 820 KB bundle); `import * as z from "zod"` (zod's own documented form, the same
 * functions) lets it keep only what `z.…` names (135 KB). Rollup already shakes the first form
 * (the web UI), esbuild does not, so the backend build rewrites it in our sources.
 */
export function zodAsNamespace(source: string): string {
  return source.replace(/^import \{ z \} from "zod";$/gm, 'import * as z from "zod";');
}

/**
 * `const X = <call>` at the top level becomes `const X = (() => <call>)()` marked pure, which
 * esbuild drops when X is unused. Most contract schemas are answers the backend builds only as
 * TypeScript types; building them all at start cost an idle backend ~0.7 MB. A pure annotation
 * on the call alone is not enough: esbuild keeps a call whose arguments call something. Safe
 * because contracts hold types and schemas only (ARCHITECTURE.md): building a schema has no side
 * effect, and a schema that is used keeps every schema it is built from.
 */
export async function markSchemasPure(source: string, fileName = "schemas.ts"): Promise<string> {
  const { default: ts } = await import("typescript");
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const calls: { start: number; end: number }[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const { initializer } of statement.declarationList.declarations) {
      if (initializer && ts.isCallExpression(initializer))
        calls.push({ start: initializer.getStart(file), end: initializer.getEnd() });
    }
  }
  let out = source;
  for (const { start, end } of calls.reverse()) {
    out = `${out.slice(0, start)}/* @__PURE__ */ (() => ${out.slice(start, end)})()${out.slice(end)}`;
  }
  return out;
}

const workspaceSource = /[\\/](?:apps|packages)[\\/][^\\/]+[\\/]src[\\/].*\.ts$/;
const contractsSource = /[\\/]packages[\\/]contracts[\\/]src[\\/]/;

/** Both rewrites above, applied to our own TypeScript as esbuild loads it. */
export const leanZod: Plugin = {
  name: "lean-zod",
  setup(build) {
    build.onLoad({ filter: workspaceSource }, async (args) => {
      const source = zodAsNamespace(await readFile(args.path, "utf8"));
      return {
        contents: contractsSource.test(args.path) ? await markSchemasPure(source, args.path) : source,
        loader: "ts",
      };
    });
  },
};
