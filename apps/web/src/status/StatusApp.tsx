// The status window: the sidecar's state at a glance, its facts, the lifecycle buttons, health
// over the last minutes and the live log.
import type { HealthResult, LogLine, Project, RuntimeInfo } from "@turnkey/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { ConnectionBanner } from "../shared/ConnectionBanner.tsx";
import { InlineProblem } from "../shared/InlineProblem.tsx";
import { useBackendEvents, useNow } from "../shared/useBackendEvents.ts";
import { confirmCutHere } from "./confirmCut.ts";
import { DoctorPanel } from "./DoctorPanel.tsx";
import { Facts } from "./Facts.tsx";
import { HealthChart, type HealthSample } from "./HealthChart.tsx";
import { mergeSamples } from "./healthSamples.ts";
import { LifecycleButtons } from "./LifecycleButtons.tsx";
import { LogTail, type NumberedLine } from "./LogTail.tsx";
import { MaintenancePanel, RuntimeProgress } from "./Maintenance.tsx";
import { PreparingProgress } from "./PreparingProgress.tsx";
import { ProjectsSummary } from "./ProjectsSummary.tsx";
import { StateBadge } from "./StateBadge.tsx";
import type { LifecycleAction } from "./stateView.ts";
import { VersionPanel } from "./VersionPanel.tsx";

const chartWindowMs = 10 * 60_000;
const maxLogLines = 1000;

export function StatusApp() {
  const [lines, setLines] = useState<NumberedLine[]>([]);
  const [samples, setSamples] = useState<HealthSample[]>([]);
  const [running, setRunning] = useState<LifecycleAction | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const seq = useRef(0);
  const number = useCallback((line: LogLine): NumberedLine => ({ ...line, seq: seq.current++ }), []);
  const onLog = useCallback((line: LogLine) => setLines((all) => [...all, number(line)].slice(-maxLogLines)), [number]);
  const [runtime, setRuntime] = useState<RuntimeInfo | null>(null);
  const addSample = useCallback((health: HealthResult) => {
    setSamples((all) =>
      all.at(-1)?.at === health.checkedAt ? all : mergeSamples(all, [health], Date.now() - chartWindowMs),
    );
  }, []);
  const [projects, setProjects] = useState<Project[] | null>(null);
  const { status, connection } = useBackendEvents({
    onLog,
    onRuntime: setRuntime,
    onHealth: addSample,
    onProjects: setProjects,
  });
  const now = useNow();

  useEffect(() => {
    api.runtime().then(setRuntime, () => undefined);
    // The backend kept the last minutes of checks: the chart starts with them, not empty.
    api.healthHistory().then(
      ({ samples: past }) => setSamples((live) => mergeSamples(live, past, Date.now() - chartWindowMs)),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    api.logs(200).then(
      ({ lines: initial }) =>
        setLines((live) => [...initial.map(number), ...live.filter((l) => l.at > (initial.at(-1)?.at ?? 0))]),
      () => undefined,
    );
  }, [number]);

  useEffect(() => {
    if (status?.health) addSample(status.health);
  }, [status?.health, addSample]);

  const act = async (action: LifecycleAction) => {
    if (!(await confirmCutHere(action, api.replying))) return;
    setRunning(action);
    setActionError(null);
    try {
      await api[action]();
    } catch (error) {
      setActionError(errorMessage(error));
    } finally {
      setRunning(null);
    }
  };

  return (
    <main className="page status-page">
      <header className="page-head">
        <h1>OpenCode Turnkey</h1>
        <nav>
          <a href="/chat">Open chat</a>
        </nav>
      </header>
      <ConnectionBanner connection={connection} />
      {status === null ? (
        <p className="muted">Connecting to the backend…</p>
      ) : (
        <>
          <section className="panel" aria-label="OpenCode status">
            <StateBadge status={status} now={now} />
            {status.preparing ? (
              <PreparingProgress preparing={status.preparing} />
            ) : (
              <RuntimeProgress runtime={runtime} />
            )}
            <LifecycleButtons state={status.state} running={running} onAction={act} />
            <InlineProblem text={actionError} />
            <Facts status={status} now={now} />
          </section>
          <section className="panel" aria-labelledby="health-title">
            <h2 id="health-title">Health</h2>
            <HealthChart samples={samples} windowMs={chartWindowMs} now={now} />
          </section>
          <VersionPanel runtime={runtime} onRuntime={setRuntime} />
          <DoctorPanel state={status.state} />
          <MaintenancePanel state={status.state} />
          <ProjectsSummary projects={projects} onLoad={setProjects} />
        </>
      )}
      <LogTail lines={lines} />
    </main>
  );
}
