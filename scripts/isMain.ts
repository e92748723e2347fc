// Whether a script module is the one node was asked to run (`node scripts/x.ts`), not imported by
// another. Node's loader gives a module its real path (symlinks resolved: its default
// --preserve-symlinks-main off), while argv[1] is only made absolute: a checkout reached through a
// symlink, a junction or a `subst` drive made the two differ, and a script then did nothing and
// exited 0, which for windowsOnlyTests.ts is the silent pass it exists to prevent.
import { realpathSync } from "node:fs";

export function isMain(meta: ImportMeta, argv1: string | undefined = process.argv[1]): boolean {
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === meta.filename;
  } catch {
    return false;
  }
}
