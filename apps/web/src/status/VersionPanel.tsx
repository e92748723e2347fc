// OpenCode's version in the status window: which one runs, "Update available" with the release
// notes, the update's progress and how it ended (kept, or rolled back and why), and the installed
// versions to switch between.
import type { RuntimeInfo } from "@turnkey/contracts";
import { useEffect, useState } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { confirmCutHere } from "./confirmCut.ts";

const working = new Set(["checking", "downloading", "verifying", "installing", "restarting", "watching"]);

export function updateInProgress(runtime: RuntimeInfo | null): boolean {
  return Boolean(runtime?.update && runtime.update.finishedAt === null && working.has(runtime.update.phase));
}

/** --opencode-bin or TURNKEY_OPENCODE_BIN: the user's program decides the version; nothing to update here. */
const ownProgram = (runtime: RuntimeInfo) => runtime.activeSource === "override";

function OwnProgram({ path }: { path: string | null }) {
  return (
    <section className="panel" aria-labelledby="version-title">
      <h2 id="version-title">OpenCode version</h2>
      <p>OpenCode runs from your own program{path ? `: ${path}` : ""}.</p>
      <p className="muted">
        Its version is chosen by that program (set with --opencode-bin or TURNKEY_OPENCODE_BIN), so this app does not
        update it. Update that program yourself, or unset the setting to let the app manage OpenCode's versions.
      </p>
    </section>
  );
}

export function VersionPanel({
  runtime,
  onRuntime,
}: {
  runtime: RuntimeInfo | null;
  onRuntime: (runtime: RuntimeInfo) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    if (!asked && runtime && !ownProgram(runtime) && runtime.latest === null && runtime.checkError === null) {
      setAsked(true);
      api.runtime(true).then(onRuntime, () => undefined);
    }
  }, [asked, runtime, onRuntime]);
  if (!runtime) return null;
  if (ownProgram(runtime)) return <OwnProgram path={runtime.path} />;
  const busy = updateInProgress(runtime);
  const update = runtime.update;
  // Updating or choosing a version restarts OpenCode: a reply being written is cut, so ask first.
  const run = async (work: () => Promise<RuntimeInfo>, restarts = false) => {
    if (restarts && !(await confirmCutHere("version", api.replying))) return;
    setError(null);
    try {
      onRuntime(await work());
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <section className="panel" aria-labelledby="version-title">
      <h2 id="version-title">OpenCode version</h2>
      <p>
        {runtime.active ? `OpenCode ${runtime.active}` : "OpenCode (version not known yet)"}
        {runtime.pinnedByFlag ? " — pinned by --opencode-version for this run" : ""}
      </p>
      {runtime.updateAvailable && runtime.latest && (
        <p className="update-available">
          <strong>Update available: {runtime.latest.version}</strong>{" "}
          <a href={runtime.latest.changelogUrl} target="_blank" rel="noreferrer noopener">
            What's new
          </a>{" "}
          <button type="button" disabled={busy} onClick={() => run(() => api.updateRuntime(), true)}>
            Update OpenCode
          </button>
        </p>
      )}
      {!runtime.updateAvailable && runtime.latest && runtime.active && !busy && (
        <p className="muted">OpenCode is up to date (newest: {runtime.latest.version}).</p>
      )}
      {runtime.checkError && <p className="muted">Could not look for updates: {runtime.checkError}</p>}
      {update && busy && (
        <div className="runtime-progress">
          <label htmlFor="update-progress">{update.message}</label>
          <progress id="update-progress" max={1} value={update.progress ?? undefined} />
        </div>
      )}
      {update && !busy && update.phase !== "checking" && (
        <p className={update.phase === "updated" ? "update-outcome" : "inline-error"} role="status">
          {update.message}
        </p>
      )}
      {error && error !== update?.message && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {runtime.installed.length > 1 && (
        <ul className="installed-versions" aria-label="Installed versions">
          {runtime.installed.map((v) => (
            <li key={v.version}>
              {v.version} {v.active ? "(in use)" : ""}{" "}
              {!v.active && (
                <button type="button" disabled={busy} onClick={() => run(() => api.chooseRuntime(v.version), true)}>
                  Use
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" disabled={busy} onClick={() => run(() => api.runtime(true))}>
        Check for updates
      </button>
    </section>
  );
}
