// The user's own agents, commands and skills, in the session panel: a one-line summary that opens to
// the three lists (this project's and every project's files), each row with what it is for, where it
// is kept and what OpenCode would refuse or skip in it; Edit and Remove on a file the window can
// write, and Make an agent / a command / a skill (CustomForm.tsx). When OpenCode refuses the
// project's config, that comes first, with the file to fix. A change is used at once: the chat's
// pickers and its / list are read again.
import type { CustomEntry, CustomizeResponse, CustomKind } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { useReconnects, useRereadOnReconnect } from "../../shared/reconnects.ts";
import type { ConfigChoices } from "../ConfigPickers.tsx";
import { CustomForm } from "./CustomForm.tsx";
import "../configPanel.css";
import "./customize.css";
import { InlineProblem } from "../../shared/InlineProblem.tsx";
import { ConfirmRemove } from "../ConfirmRemove.tsx";

/** "2 agents · 1 command · 3 skills": what the closed summary says. */
export function customSummary(list: CustomizeResponse): string {
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
  if (list.agents.length + list.commands.length + list.skills.length === 0) return "none of your own";
  const refused = [...list.agents, ...list.commands].some((e) => e.problem) || list.opencodeProblem;
  const skipped = list.skills.filter((e) => e.problem).length;
  return [
    count(list.agents.length, "agent"),
    count(list.commands.length, "command"),
    count(list.skills.length, "skill"),
    ...(refused ? ["OpenCode refuses one"] : []),
    ...(skipped > 0 ? [`OpenCode skips ${skipped}`] : []),
  ].join(" · ");
}

const scopeText = { project: "this project", global: "every project" } as const;

/** How a row names its entry: `@agent`, `/command`, a skill by its name. */
const labelOf = (kind: CustomKind, name: string) =>
  kind === "agent" ? `@${name}` : kind === "command" ? `/${name}` : name;

/** What Remove deletes: the file, or a skill's folder with the files beside its SKILL.md. */
function removeQuestion(entry: CustomEntry): string {
  const skill = entry.skill;
  const folder = entry.file.replace(/[\\/]SKILL\.md$/, "");
  if (folder !== entry.file && (!skill || skill.otherFileCount === 0))
    return `Delete the folder ${folder} (only SKILL.md is in it)?`;
  if (!skill) return `Delete ${entry.file}?`;
  const more = skill.otherFileCount - skill.otherFiles.length;
  const files = `${skill.otherFiles.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
  return `Delete the folder ${folder}, with SKILL.md and ${skill.otherFileCount === 1 ? "1 other file" : `${skill.otherFileCount} other files`} (${files})?`;
}

/** Why OpenCode cannot use this file, and what to do. */
function problemSentence(kind: CustomKind, entry: CustomEntry, problem: string): string {
  return kind === "skill"
    ? `${entry.file}: ${problem} Change it in an editor, or remove it.`
    : `OpenCode refuses ${entry.file}: ${problem} Fix it in an editor, or remove it.`;
}

type Form = { kind: CustomKind; editing: CustomEntry | null } | null;

export function CustomizePanel(props: {
  sessionID: string;
  live: boolean;
  choices: ConfigChoices;
  /** A change was saved: the agent picker and the / list read again. */
  onChanged: () => void;
}) {
  const { sessionID, live, onChanged } = props;
  const [list, setList] = useState<CustomizeResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<Form>(null);
  const [confirming, setConfirming] = useState<CustomEntry | null>(null);
  const [working, setWorking] = useState(false);

  const load = useCallback(async () => {
    try {
      setList(await api.customizations(sessionID));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [sessionID]);

  // Read when OpenCode runs, and again when it comes back; what is shown meanwhile stays.
  useEffect(() => {
    if (live) void load();
  }, [live, load]);

  useRereadOnReconnect(useReconnects(), () => {
    if (live) void load();
  });

  if (!list)
    return error && live ? (
      <p className="inline-error" role="alert">
        {`Your agents, commands and skills could not be read: ${error}`}
      </p>
    ) : null;

  const saved = (next: CustomizeResponse) => {
    setList(next);
    setForm(null);
    onChanged();
  };

  const remove = async (entry: CustomEntry, kind: CustomKind) => {
    setWorking(true);
    setError(null);
    try {
      saved(await api.removeCustom(sessionID, kind, entry.name, entry.scope));
      setConfirming(null);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setWorking(false);
    }
  };

  const rows = (kind: CustomKind, entries: CustomEntry[]) => (
    <ul className="config-list" aria-label={`Your ${kind}s`}>
      {entries.map((entry) => {
        const settings = entry.agent ?? entry.command ?? entry.skill;
        // Two rows of one name (this project's and every project's): each button says which.
        const twice = entries.filter((other) => other.name === entry.name).length > 1;
        const label = `${labelOf(kind, entry.name)}${twice ? ` (${scopeText[entry.scope]})` : ""}`;
        return (
          <li key={`${entry.scope}:${entry.file}`} aria-label={label}>
            <div className="config-head">
              <span className="config-name">{labelOf(kind, entry.name)}</span>
              <span className="muted custom-scope">{scopeText[entry.scope]}</span>
            </div>
            {settings?.description && <p className="config-sentence">{settings.description}</p>}
            {entry.problem && <p className="inline-error">{problemSentence(kind, entry, entry.problem)}</p>}
            {!entry.editable && <p className="muted config-source">{`In ${entry.file}: change it there.`}</p>}
            {entry.editable && (
              <div className="config-actions">
                {settings && (
                  <button
                    type="button"
                    className="small"
                    disabled={working || form !== null || !live}
                    onClick={() => setForm({ kind, editing: entry })}
                    aria-label={`Edit ${label}`}
                  >
                    Edit
                  </button>
                )}
                <button
                  type="button"
                  className="small"
                  disabled={working || form !== null || !live}
                  onClick={() => setConfirming(entry)}
                  aria-label={`Remove ${label}`}
                >
                  Remove
                </button>
              </div>
            )}
            {confirming?.file === entry.file && (
              <ConfirmRemove
                label={`Remove ${label}`}
                question={removeQuestion(entry)}
                confirm="Delete it"
                disabled={working || !live}
                onConfirm={() => void remove(entry, kind)}
                onCancel={() => setConfirming(null)}
              />
            )}
          </li>
        );
      })}
    </ul>
  );

  return (
    <details className="config-panel">
      <summary>
        <span className="config-title">Agents, commands and skills</span>{" "}
        <span className="muted">{customSummary(list)}</span>
      </summary>
      {!live && <p className="muted config-sentence">OpenCode is not running: changes wait until it is.</p>}
      <InlineProblem text={list.opencodeProblem} />
      <h4 className="custom-heading">Agents</h4>
      {list.agents.length === 0 && <p className="muted config-sentence">No agent of your own yet.</p>}
      {rows("agent", list.agents)}
      <h4 className="custom-heading">Commands</h4>
      {list.commands.length === 0 && <p className="muted config-sentence">No command of your own yet.</p>}
      {rows("command", list.commands)}
      <h4 className="custom-heading">Skills</h4>
      <p className="muted config-hint">
        Instructions the agent loads when a task needs them, by their description. Also /name in the message box.
      </p>
      {list.skills.length === 0 && <p className="muted config-sentence">No skill of your own yet.</p>}
      {rows("skill", list.skills)}
      {list.otherSkills.length > 0 && (
        <p className="muted config-source">
          {`OpenCode also uses (change them where they are): ${list.otherSkills.map((s) => `${s.name} (${s.location === "<built-in>" ? "its own" : s.location})`).join("; ")}.`}
        </p>
      )}
      {list.inConfig.length > 0 && (
        <p className="muted config-source">
          {`Also set in config files (change them there): ${list.inConfig.map((e) => `${e.kind === "agent" ? "@" : "/"}${e.name} in ${e.file}`).join("; ")}.`}
        </p>
      )}
      <InlineProblem text={error} />
      {form ? (
        <CustomForm
          key={`${form.kind}:${form.editing?.file ?? "new"}`}
          sessionID={sessionID}
          kind={form.kind}
          folders={list.folders}
          editing={form.editing}
          choices={props.choices}
          onSaved={saved}
          onCancel={() => setForm(null)}
        />
      ) : (
        <div className="config-actions">
          {(["agent", "command", "skill"] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className="small"
              disabled={working || !live}
              onClick={() => setForm({ kind, editing: null })}
            >
              {kind === "agent" ? "Make an agent" : `Make a ${kind}`}
            </button>
          ))}
        </div>
      )}
    </details>
  );
}
