// The model and agent pickers of the config forms (an agent, a command, a scheduled task): what the
// chat's catalogue offers, an empty choice meaning the chat's own, and a value the form was given
// that the catalogue lacks kept choosable rather than dropped.

/** What the pickers offer: models as "provider/model" with a label, and the agents to use. */
export interface ConfigChoices {
  models: { value: string; label: string }[];
  agents: string[];
}

function Picker(props: {
  label: string;
  value: string | null;
  none: string;
  options: { value: string; label: string }[];
  onChange: (value: string | null) => void;
}) {
  const { value, options } = props;
  return (
    <label>
      {props.label}
      <select value={value ?? ""} onChange={(e) => props.onChange(e.target.value || null)}>
        <option value="">{props.none}</option>
        {value && !options.some((o) => o.value === value) && <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ModelPicker(props: {
  value: string | null;
  choices: ConfigChoices;
  none: string;
  onChange: (model: string | null) => void;
}) {
  return <Picker label="Model" options={props.choices.models} {...props} />;
}

export function AgentPicker(props: {
  value: string | null;
  choices: ConfigChoices;
  none: string;
  onChange: (agent: string | null) => void;
}) {
  return <Picker label="Agent" options={props.choices.agents.map((a) => ({ value: a, label: a }))} {...props} />;
}
