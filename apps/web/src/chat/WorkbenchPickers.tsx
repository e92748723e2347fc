// The composer's agent, model and permission pickers for the open chat (or the next new one).
import type { ModelRef } from "@turnkey/contracts";
import { AllowPicker } from "./allow/AllowPicker.tsx";
import type { AllowState } from "./allow/useAllowSetting.ts";
import { AgentPicker } from "./workbench/AgentPicker.tsx";
import { ModelPicker } from "./workbench/ModelPicker.tsx";
import type { Workbench } from "./workbench/useWorkbench.ts";

export function WorkbenchPickers({
  workbench,
  onModel,
  onProviders,
  allow,
}: {
  workbench: Workbench;
  /** What the chat lets the agent do without asking; `chatID` null before the chat exists. */
  allow?: { state: AllowState; chatID: string | null };
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
      {allow && <AllowPicker allow={allow.state} chatID={allow.chatID} />}
    </span>
  );
}
