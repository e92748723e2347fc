// At the end of the folder line above the message box: what this chat lets the agent do without
// asking, and what it was let do so (the last requests the backend answered for it). One select
// holds both settings: this chat's choice ("Project (…)", following its project, or a level of its
// own), and, in a group of its own, the level of the project it is of, which puts this chat on
// following the project too, so what the select shows afterwards is what was just chosen. Labels
// are short: the select is as wide as its widest option, on the folder line at 800 px too.
import { AllowChoice, type AllowedOnItsOwn, AllowLevel } from "@turnkey/contracts";
import { useId } from "react";
import { InlineProblem } from "../../shared/InlineProblem.tsx";
import { allowChoices, allowExplained, choiceLabel, projectExplained } from "./allowChoices.ts";
import type { AllowPick, AllowState } from "./useAllowSetting.ts";
import "./allow.css";

const explained = `What this chat lets the agent do without asking you. ${allowExplained} ${projectExplained}`;
const chatChoices: AllowChoice[] = AllowChoice.options;

/** The select's values: `chat:<choice>` and `project:<level>`. */
function pickOf(value: string): AllowPick | null {
  const [group, choice] = value.split(":");
  if (group === "chat") {
    const parsed = AllowChoice.safeParse(choice);
    return parsed.success ? { chat: parsed.data } : null;
  }
  const parsed = AllowLevel.safeParse(choice);
  return group === "project" && parsed.success ? { project: parsed.data } : null;
}

function describe(allowed: AllowedOnItsOwn, chatID: string): string {
  const what = allowed.permission.patterns.join(", ");
  const time = new Date(allowed.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return `${time} · ${allowed.permission.permission}${what ? `: ${what}` : ""}${allowed.sessionID === chatID ? "" : " (a subagent)"}`;
}

export function AllowPicker(props: { allow: AllowState; chatID: string | null }) {
  const { setting, projectUnknown, saving, problem, choose, projectSettable } = props.allow;
  const { chatID } = props;
  const hint = useId();
  const allowed = setting?.allowed ?? [];
  return (
    <span className="allow-picker">
      <label>
        <span>Permissions</span>
        <select
          value={setting ? `chat:${setting.choice}` : ""}
          disabled={saving || setting === null}
          aria-describedby={hint}
          title={explained}
          onChange={(e) => {
            const pick = pickOf(e.target.value);
            if (pick) void choose(pick);
          }}
        >
          {setting === null && <option value="">{problem ? "not read" : "reading…"}</option>}
          <optgroup label="This chat">
            {chatChoices.map((choice) => (
              <option key={choice} value={`chat:${choice}`}>
                {choiceLabel(choice, projectUnknown ? null : (setting?.projectLevel ?? null))}
              </option>
            ))}
          </optgroup>
          <optgroup
            label={projectSettable ? "Every chat of this project" : "Every chat of this project (not a listed project)"}
            disabled={!projectSettable}
          >
            {allowChoices.map((c) => (
              <option key={c.level} value={`project:${c.level}`}>
                {`${!projectUnknown && setting?.projectLevel === c.level ? "✓ " : ""}${c.label}`}
              </option>
            ))}
          </optgroup>
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
