// Which agent answers the next prompt: build, plan, or one of the user's own.
import type { AgentInfo } from "@turnkey/contracts";

export function AgentPicker(props: { agents: AgentInfo[]; value: string; onChange: (agent: string) => void }) {
  return (
    <label className="agent-picker">
      <span>Agent</span>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} disabled={props.agents.length === 0}>
        {props.agents.map((a) => (
          <option key={a.name} value={a.name} title={a.description ?? undefined}>
            {a.builtIn ? a.name : `${a.name} (yours)`}
          </option>
        ))}
      </select>
    </label>
  );
}
