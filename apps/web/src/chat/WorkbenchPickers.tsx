// The composer's agent and model pickers for the open chat (or the next new one). Until OpenCode's
// agents and models are read (the whole of a cold start) they stand in place, disabled, so the
// composer's row does not change shape when they arrive.
import type { ModelRef } from "@turnkey/contracts";
import { AgentPicker } from "./workbench/AgentPicker.tsx";
import { ModelPicker } from "./workbench/ModelPicker.tsx";
import type { Workbench } from "./workbench/useWorkbench.ts";

export function WorkbenchPickers({
  workbench,
  onModel,
  onProviders,
}: {
  workbench: Workbench;
  onModel: (ref: ModelRef) => void;
  /** Opens the Providers view (connect or sign in to another provider). */
  onProviders?: () => void;
}) {
  if (!workbench.catalog)
    return (
      <span className="pickers" aria-busy="true">
        <label className="pickers-loading">
          <span>Agent</span>
          <select disabled>
            <option>…</option>
          </select>
        </label>
        <span className="pickers-loading">
          <span>Model</span>
          <button type="button" className="picker-button" disabled>
            Loading…
          </button>
        </span>
      </span>
    );
  return (
    <span className="pickers">
      <AgentPicker agents={workbench.catalog.agents} value={workbench.agent ?? ""} onChange={workbench.setAgent} />
      <ModelPicker
        providers={workbench.catalog.providers}
        value={workbench.model}
        variant={workbench.variant}
        onChange={(ref) => {
          workbench.setModel(ref);
          onModel(ref);
        }}
        onVariant={workbench.setVariant}
        {...(onProviders ? { onProviders } : {})}
      />
    </span>
  );
}
