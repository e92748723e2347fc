// The composer's agent and model pickers for the open chat (or the next new one).
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
  if (!workbench.catalog) return null;
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
