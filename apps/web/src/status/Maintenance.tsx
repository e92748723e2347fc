// Keeping the install healthy from the status window: the managed runtime's progress, the
// runtime profile (switching restarts OpenCode), Repair when OpenCode failed, and a diagnostics
// bundle to attach to a bug report.
import { TurnkeyApiError } from "@turnkey/client";
import {
  RepairResponse,
  type RuntimeProfile,
  type RuntimeStatus,
  type SettingsResponse,
  type SidecarState,
} from "@turnkey/contracts";
import { useEffect, useState } from "react";
import { api, errorMessage, saveDiagnostics } from "../shared/api.ts";
import { confirmCutHere } from "./confirmCut.ts";

const profileNames: Record<RuntimeProfile, string> = {
  managed: "Managed: OpenCode keeps its own settings and sessions for this app",
  inherit: "Inherit: use my own OpenCode settings, providers and sessions",
};

export function RuntimeProgress({ runtime }: { runtime: RuntimeStatus | null }) {
  if (!runtime || (runtime.phase !== "checking" && runtime.phase !== "copying" && runtime.phase !== "failed"))
    return null;
  if (runtime.phase === "failed") {
    return (
      <p className="inline-error" role="alert">
        {runtime.message}
      </p>
    );
  }
  return (
    <div className="runtime-progress">
      <label htmlFor="runtime-progress">{runtime.message}</label>
      <progress id="runtime-progress" max={1} value={runtime.progress ?? undefined} />
    </div>
  );
}

export function MaintenancePanel({ state }: { state: SidecarState }) {
  const [settings, setSettings] = useState<SettingsResponse | null>(null);
  const [profile, setProfile] = useState<RuntimeProfile>("managed");
  const [busy, setBusy] = useState<"profile" | "repair" | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [repair, setRepair] = useState<RepairResponse["steps"] | null>(null);
  /**
   * When the last repair ended: its steps say what was true then ("OpenCode is running on port
   * 4096"), and stayed on screen after a Stop, read as now.
   */
  const [repairedAt, setRepairedAt] = useState<Date | null>(null);

  useEffect(() => {
    api.settings().then(
      (s) => {
        setSettings(s);
        setProfile(s.settings.profile);
      },
      () => undefined,
    );
  }, []);

  const applyProfile = async () => {
    // A change restarts OpenCode (the button is enabled only for one), which cuts a reply being written.
    if (!(await confirmCutHere("profile", api.replying))) return;
    setBusy("profile");
    setMessage(null);
    try {
      const result = await api.setProfile(profile);
      setSettings(result);
      setMessage(`Now using the ${result.settings.profile} profile.`);
    } catch (error) {
      setMessage(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const runRepair = async () => {
    if (!(await confirmCutHere("repair", api.replying))) return;
    setBusy("repair");
    setMessage(null);
    setRepair(null);
    try {
      setRepair((await api.repair()).steps);
    } catch (error) {
      // A repair that could not start OpenCode still says what each step did: show them.
      setRepair(repairStepsOf(error));
      setMessage(errorMessage(error));
    } finally {
      setRepairedAt(new Date());
      setBusy(null);
    }
  };

  return (
    <section className="panel" aria-labelledby="maintenance-title">
      <h2 id="maintenance-title">Maintenance</h2>
      <div className="maintenance-row">
        <label>
          Profile
          <select value={profile} onChange={(e) => setProfile(e.target.value as RuntimeProfile)}>
            {(Object.keys(profileNames) as RuntimeProfile[]).map((p) => (
              <option key={p} value={p}>
                {profileNames[p]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="secondary"
          disabled={busy !== null || settings === null || profile === settings.settings.profile}
          aria-busy={busy === "profile"}
          onClick={applyProfile}
        >
          {busy === "profile" ? "Switching…" : "Switch (restarts OpenCode)"}
        </button>
      </div>
      <div className="actions">
        <button
          type="button"
          className={state === "failed" ? "primary" : "secondary"}
          disabled={busy !== null}
          aria-busy={busy === "repair"}
          onClick={runRepair}
        >
          {busy === "repair" ? "Repairing…" : "Repair"}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => saveDiagnostics().catch((error) => setMessage(errorMessage(error)))}
        >
          Save diagnostics
        </button>
      </div>
      {repair && repairedAt && (
        <p className="muted small repair-when">What Repair did at {repairedAt.toLocaleTimeString()}:</p>
      )}
      {repair && (
        <ol className="repair-steps" aria-label="Repair steps">
          {repair.map((s) => (
            <li key={s.step} className={s.ok ? "ok" : "bad"}>
              {s.ok ? "✓" : "✗"} {s.detail}
            </li>
          ))}
        </ol>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

function repairStepsOf(error: unknown): RepairResponse["steps"] | null {
  if (!(error instanceof TurnkeyApiError)) return null;
  const parsed = RepairResponse.safeParse(error.body);
  return parsed.success ? parsed.data.steps : null;
}
