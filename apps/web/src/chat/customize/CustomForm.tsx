// Making an agent, a command or a skill, or changing one, from the session panel: its name and where
// it is kept (this project's .opencode, or every project's global folder), then an agent's
// description, kind, model, temperature, three tools' permissions and instructions, a command's
// description, agent, model, subtask switch and text, or a skill's description and instructions. The backend checks it and says what is wrong in a
// sentence; the form stays open with what was typed.
import type {
  AgentFields,
  CommandFields,
  CustomEntry,
  CustomizeResponse,
  CustomKind,
  CustomScope,
  PermissionChoice,
  SkillSettings,
} from "@turnkey/contracts";
import { type FormEvent, useId, useState } from "react";
import { api } from "../../shared/api.ts";
import { ConfigFormEnd } from "../ConfigFormEnd.tsx";
import { AgentPicker, type ConfigChoices, ModelPicker } from "../ConfigPickers.tsx";
import { useConfigSave } from "../useConfigSave.ts";

export interface CustomFormProps {
  sessionID: string;
  kind: CustomKind;
  folders: CustomizeResponse["folders"];
  /** The entry being changed; null to make one. */
  editing: CustomEntry | null;
  choices: ConfigChoices;
  onSaved: (list: CustomizeResponse) => void;
  onCancel: () => void;
}

const newAgent: AgentFields = {
  description: "",
  mode: "subagent",
  model: null,
  temperature: null,
  permission: { edit: "inherit", bash: "inherit", webfetch: "inherit" },
  prompt: "",
};
const newCommand: CommandFields = { description: "", agent: null, model: null, subtask: false, template: "" };
const newSkill: SkillSettings = { description: "", instructions: "" };

const namePlaceholders: Record<CustomKind, string> = {
  agent: "reviewer",
  command: "changelog",
  skill: "release-notes",
};
const nameHints: Record<CustomKind, string> = {
  agent: "Letters, digits, - and _. Call it in a message with @name.",
  command: "Letters, digits, - and _. Run it by typing /name in the message box.",
  skill: "Lower-case letters and digits, words joined by -. The agent loads it when it needs it; /name asks for it.",
};

const modes: { value: AgentFields["mode"]; label: string }[] = [
  { value: "subagent", label: "A subagent: other agents hand it work, and you can call it with @" },
  { value: "primary", label: "An agent you pick for a chat" },
  { value: "all", label: "Both" },
];
const tools = [
  { tool: "edit", label: "Change files" },
  { tool: "bash", label: "Run commands" },
  { tool: "webfetch", label: "Fetch web pages" },
] as const;
const permissionLabels: Record<PermissionChoice, string> = {
  inherit: "As OpenCode's settings say",
  ask: "Ask me each time",
  allow: "Allowed",
  deny: "Never",
  kept: "As the file says (rules by command)",
};

export function CustomForm(props: CustomFormProps) {
  const { kind, editing, folders, choices } = props;
  const id = useId();
  const [name, setName] = useState(editing?.name ?? "");
  const [scope, setScope] = useState<CustomScope>(editing?.scope ?? (folders.project ? "project" : "global"));
  const [agent, setAgent] = useState<AgentFields>(editing?.agent ?? newAgent);
  const [command, setCommand] = useState<CommandFields>(editing?.command ?? newCommand);
  const [skill, setSkill] = useState<SkillSettings>(editing?.skill ?? newSkill);
  const [temperature, setTemperature] = useState(agent.temperature === null ? "" : String(agent.temperature));
  const { saving, error, setError, save } = useConfigSave(props.onSaved);
  const what = kind;
  const article = kind === "agent" ? "an" : "a";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const degrees = temperature.trim() === "" ? null : Number(temperature);
    if (degrees !== null && Number.isNaN(degrees)) {
      setError("The temperature is a number from 0 to 2, or empty for the model's own.");
      return;
    }
    const target = { scope, create: !editing };
    await save(() => {
      if (kind === "agent")
        return api.saveAgent(props.sessionID, name.trim(), { ...target, settings: { ...agent, temperature: degrees } });
      if (kind === "command") return api.saveCommand(props.sessionID, name.trim(), { ...target, settings: command });
      const { description, instructions } = skill;
      return api.saveSkill(props.sessionID, name.trim(), { ...target, settings: { description, instructions } });
    });
  };

  return (
    <form
      className="config-form"
      aria-label={editing ? `Change ${what} ${editing.name}` : `Make ${article} ${kind}`}
      onSubmit={submit}
    >
      {!editing && (
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={namePlaceholders[kind]} required />
          <span className="muted config-hint">{nameHints[kind]}</span>
        </label>
      )}
      {editing ? (
        <p className="muted config-source">{`Kept in ${editing.file}`}</p>
      ) : (
        <fieldset>
          <legend>Where it is kept</legend>
          {folders.project && (
            <label title={folders.project}>
              <input
                type="radio"
                name={`${id}-scope`}
                checked={scope === "project"}
                onChange={() => setScope("project")}
              />
              {`This project only (${folders.project})`}
            </label>
          )}
          <label title={folders.global}>
            <input type="radio" name={`${id}-scope`} checked={scope === "global"} onChange={() => setScope("global")} />
            {`Every project (${folders.global})`}
          </label>
        </fieldset>
      )}
      {kind === "skill" && (
        <>
          <label>
            When to use it
            <textarea
              rows={2}
              value={skill.description}
              onChange={(e) => setSkill({ ...skill, description: e.target.value })}
              placeholder="Use when writing release notes or a changelog entry"
            />
            <span className="muted config-hint">
              The agent sees only the name and this until it loads the skill: say when it applies.
            </span>
          </label>
          <label>
            Instructions
            <textarea
              value={skill.instructions}
              onChange={(e) => setSkill({ ...skill, instructions: e.target.value })}
              rows={6}
              placeholder="List the merged changes since the last tag, grouped by kind, one line each."
            />
          </label>
        </>
      )}
      {kind === "agent" && (
        <>
          <label>
            What it is for
            <textarea
              rows={2}
              value={agent.description}
              onChange={(e) => setAgent({ ...agent, description: e.target.value })}
              placeholder="Reviews a diff for bugs and missing tests"
            />
            <span className="muted config-hint">Other agents read this to decide when to hand it work.</span>
          </label>
          <label>
            Kind
            <select
              value={agent.mode}
              onChange={(e) => setAgent({ ...agent, mode: e.target.value as AgentFields["mode"] })}
            >
              {modes.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
          <ModelPicker
            value={agent.model}
            choices={choices}
            none="The chat's model"
            onChange={(model) => setAgent({ ...agent, model })}
          />
          <label>
            Temperature
            <input
              // Text, not a number field: a browser's own step check would refuse 0.35 without a word.
              inputMode="decimal"
              value={temperature}
              onChange={(e) => setTemperature(e.target.value)}
              placeholder="The model's own"
            />
          </label>
          <fieldset>
            <legend>What it may do</legend>
            {tools.map(({ tool, label }) => (
              <label key={tool} className="custom-permission">
                <span>{label}</span>
                <select
                  value={agent.permission[tool]}
                  onChange={(e) =>
                    setAgent({
                      ...agent,
                      permission: { ...agent.permission, [tool]: e.target.value as PermissionChoice },
                    })
                  }
                >
                  {(["inherit", "ask", "allow", "deny"] as const).map((choice) => (
                    <option key={choice} value={choice}>
                      {permissionLabels[choice]}
                    </option>
                  ))}
                  {editing?.agent?.permission[tool] === "kept" && <option value="kept">{permissionLabels.kept}</option>}
                </select>
              </label>
            ))}
          </fieldset>
          <label>
            Instructions
            <textarea
              value={agent.prompt}
              onChange={(e) => setAgent({ ...agent, prompt: e.target.value })}
              rows={6}
              placeholder="You review code. Point out bugs, risky changes and missing tests; do not change files."
            />
          </label>
        </>
      )}
      {kind === "command" && (
        <>
          <label>
            Description
            <textarea
              rows={2}
              value={command.description}
              onChange={(e) => setCommand({ ...command, description: e.target.value })}
              placeholder="Writes the changelog entry for the current branch"
            />
          </label>
          <AgentPicker
            value={command.agent}
            choices={choices}
            none="The chat's agent"
            onChange={(agent) => setCommand({ ...command, agent })}
          />
          <ModelPicker
            value={command.model}
            choices={choices}
            none="The chat's model"
            onChange={(model) => setCommand({ ...command, model })}
          />
          <label>
            <input
              type="checkbox"
              checked={command.subtask}
              onChange={(e) => setCommand({ ...command, subtask: e.target.checked })}
            />
            Run it as a subagent's task (keeps this chat's context short)
          </label>
          <label>
            Text sent
            <textarea
              value={command.template}
              onChange={(e) => setCommand({ ...command, template: e.target.value })}
              rows={5}
              placeholder="Write a changelog entry for the changes on this branch. Focus on: $ARGUMENTS"
            />
            <span className="muted config-hint">
              $ARGUMENTS is what you type after the command ($1, $2… take one word each).
            </span>
          </label>
        </>
      )}
      {editing?.skill && editing.skill.otherFileCount > 0 && (
        <p className="muted config-hint">{`The skill's other files stay as they are: ${editing.skill.otherFiles.join(", ")}${editing.skill.otherFileCount > editing.skill.otherFiles.length ? "…" : ""}.`}</p>
      )}
      {editing && editing.kept.length > 0 && (
        <p className="muted config-hint">{`Also in the file, kept as they are: ${editing.kept.join(", ")}.`}</p>
      )}
      <ConfigFormEnd
        error={error}
        saving={saving}
        submit={editing ? "Save" : `Make ${what}`}
        onCancel={props.onCancel}
      />
    </form>
  );
}
