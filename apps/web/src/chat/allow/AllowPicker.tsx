// At the end of the folder line above the message box: what this chat lets the agent do without
// asking, and what it was let do so (the last requests the backend answered for it).
import type { AllowedOnItsOwn, AllowLevel } from "@turnkey/contracts";
import { useId } from "react";
import { InlineProblem } from "../../shared/InlineProblem.tsx";
import { allowChoices, allowExplained } from "./allowChoices.ts";
import type { AllowState } from "./useAllowSetting.ts";
import "./allow.css";

const explained = `What this chat lets the agent do without asking you. ${allowExplained}`;

function describe(allowed: AllowedOnItsOwn, chatID: string): string {
  const what = allowed.permission.patterns.join(", ");
  const time = new Date(allowed.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return `${time} · ${allowed.permission.permission}${what ? `: ${what}` : ""}${allowed.sessionID === chatID ? "" : " (a subagent)"}`;
}

export function AllowPicker(props: { allow: AllowState; chatID: string | null }) {
  const { setting, saving, problem, choose } = props.allow;
  const { chatID } = props;
  const hint = useId();
  const allowed = setting?.allowed ?? [];
  return (
    <span className="allow-picker">
      <label>
        <span>Permissions</span>
        <select
          value={setting?.level ?? ""}
          disabled={saving || setting === null}
          aria-describedby={hint}
          title={explained}
          onChange={(e) => void choose(e.target.value as AllowLevel)}
        >
          {setting === null && <option value="">{problem ? "not read" : "reading…"}</option>}
          {allowChoices.map((c) => (
            <option key={c.level} value={c.level}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <span id={hint} className="sr-only">
        {explained}
      </span>
      {allowed.length > 0 && chatID && (
        <details className="allow-record">
          <summary>{allowed.length === 1 ? "1 allowed" : `${allowed.length} allowed`}</summary>
          <div className="allow-record-list">
            <p>Answered without asking, newest last:</p>
            <ol>
              {allowed.map((a) => (
                <li key={a.permission.id}>{describe(a, chatID)}</li>
              ))}
            </ol>
          </div>
        </details>
      )}
      <InlineProblem text={problem} small />
    </span>
  );
}
