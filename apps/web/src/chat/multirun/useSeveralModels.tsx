// "Run with several models…" as the chat window holds it: what the dialog was opened with (the
// chat, its folder, agent and model, taken at the click so a chat switched elsewhere meanwhile
// does not move it), and the dialog. The task goes in and out of that chat's box through
// `replaceDraft`, which the box on screen follows, whichever chat is shown by then.
import type { ModelsResponse } from "@turnkey/contracts";
import { useCallback, useState } from "react";
import { loadDraft, replaceDraft } from "../drafts.ts";
import { MultiRunDialog } from "./MultiRunDialog.tsx";
import type { Run } from "./multiRun.ts";
import { gitPlaceOf, runStepsFrom } from "./runSteps.ts";

export interface RunsFrom {
  sessionId: string;
  directory: string;
  agent: string | null;
  /** The chat's model as `provider/model`, ticked at first. */
  model: string;
  /** What the box holds besides its text that the runs do not take (multiRun.ts `staysInBox`). */
  staysInBox: string | null;
}

export function useSeveralModels(options: {
  models: ModelsResponse | null;
  onOpenRun: (run: Run) => void;
  /** The dialog closed without opening a run: the keyboard goes back to the message box. */
  onClosed: () => void;
}) {
  const [from, setFrom] = useState<RunsFrom | null>(null);
  const fromId = from?.sessionId;
  const gitPlace = useCallback(() => (fromId ? gitPlaceOf(fromId) : Promise.reject(new Error("no chat"))), [fromId]);
  const dialog = from && (
    <MultiRunDialog
      prompt={loadDraft(from.sessionId)}
      staysInBox={from.staysInBox}
      models={options.models}
      model={from.model}
      from={{ sessionId: from.sessionId, directory: from.directory }}
      agent={from.agent}
      gitPlace={gitPlace}
      steps={runStepsFrom(from.sessionId)}
      onOpen={(run) => {
        setFrom(null);
        options.onOpenRun(run);
      }}
      onStarted={() => replaceDraft(from.sessionId, "")}
      onClose={(unsent) => {
        setFrom(null);
        if (unsent !== null) replaceDraft(from.sessionId, unsent);
        options.onClosed();
      }}
    />
  );
  return { open: setFrom, isOpen: from !== null, dialog };
}
