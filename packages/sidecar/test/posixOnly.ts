// Tests of what only POSIX has (signals other than a kill, /proc, file modes and the execute bit,
// process groups, shell scripts and shebangs as programs, mounts): skipped on Windows, each title
// ending in "(POSIX: why)", so a Windows run lists what it did not check. Windows' own paths are
// tested with the platform injected, and run for real there.
import { describe, it } from "vitest";

export const onWindows = process.platform === "win32";
export const posixIt = it.skipIf(onWindows);
export const posixDescribe = describe.skipIf(onWindows);
