// The plain model list ("provider/model" values grouped by provider), used where the workbench's
// searchable picker is not there: the first run's question and the composer before the catalog
// has loaded.
import type { ModelsResponse } from "@turnkey/contracts";

export function ModelSelect(props: {
  models: ModelsResponse | null;
  value: string;
  onChange: (value: string) => void;
  className?: string;
}) {
  return (
    <label className={props.className}>
      <span>Model</span>{" "}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} disabled={!props.models}>
        {props.models?.providers.map((p) => (
          <optgroup key={p.id} label={p.name}>
            {p.models.map((m) => (
              <option key={m.id} value={`${p.id}/${m.id}`}>
                {m.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
