// The "Open in" service as the backend runs it: this system's apps (systemProbe.ts), started here
// (localLauncher.ts) unless the caller brings its launcher (the Electron worker: main starts them,
// desktopLauncher.ts), in the chat's project folder, with the editor used last kept in settings.json.
import type { SettingsFile } from "@turnkey/sidecar";
import type { BackendSettings } from "../profile.ts";
import { localLauncher } from "./localLauncher.ts";
import { OpenWith, type OpenWithDeps } from "./openWithService.ts";
import { systemProbe } from "./systemProbe.ts";

export function openWithHere(deps: {
  given: Partial<Pick<OpenWithDeps, "launcher" | "probe">> | undefined;
  folderOf: OpenWithDeps["folderOf"];
  dataDir: string;
  settings: SettingsFile<typeof BackendSettings>;
}): OpenWith {
  const { settings } = deps;
  const probe = deps.given?.probe ?? systemProbe();
  return new OpenWith({
    probe,
    // WSL told once, by the probe.
    launcher: deps.given?.launcher ?? localLauncher(process.platform, process.env, undefined, probe.wsl ?? false),
    folderOf: deps.folderOf,
    privateFolders: [deps.dataDir],
    preferred: {
      get: () => settings.get().openWith,
      set: (id) => {
        if (settings.get().openWith !== id) settings.update({ openWith: id });
      },
    },
  });
}
