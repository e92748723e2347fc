// Whether a script module is the one node was asked to run (`node scripts/x.ts`), not imported by
// another. Node's loader gives a module its real path (symlinks resolved: its default
// --preserve-symlinks-main off), while argv[1] is only made absolute: a checkout reached through a
// symlink or a junction made the two differ, and a script then did nothing and exited 0, which for
// windowsOnlyTests.ts is the silent pass it exists to prevent. Both sides are resolved (so
// --preserve-symlinks-main counts too), and argv[1] given without the extension (`node --import
// tsx scripts/x`, which tsx runs as x.ts) is tried with the module's.
import { realpathSync } from "node:fs";
import { extname } from "node:path";

export function isMain(meta: ImportMeta, argv1: string | undefined = process.argv[1]): boolean {
  if (!argv1) return false;
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return null;
    }
  };
  const module = real(meta.filename);
  if (module === null) return false;
  return [argv1, `${argv1}${extname(meta.filename)}`].some((path) => real(path) === module);
}
