// The questions a sign-in method asks before it starts (opencode's method `prompts`): a choice or
// a text each, some only when an earlier answer is (or is not) a value, as opencode's TUI asks them.
import type { SignInPrompt } from "@turnkey/contracts";

/** The prompts to ask given the answers so far (a `when` on an unanswered key hides the prompt). */
export function visiblePrompts(prompts: SignInPrompt[], inputs: Record<string, string>): SignInPrompt[] {
  return prompts.filter((p) => {
    if (!p.when) return true;
    const answer = inputs[p.when.key];
    if (answer === undefined) return false;
    return p.when.op === "eq" ? answer === p.when.value : answer !== p.when.value;
  });
}

export function SignInPrompts(props: {
  prompts: SignInPrompt[];
  inputs: Record<string, string>;
  onChange: (inputs: Record<string, string>) => void;
}) {
  const set = (key: string, value: string) => props.onChange({ ...props.inputs, [key]: value });
  return (
    <>
      {visiblePrompts(props.prompts, props.inputs).map((p) =>
        p.type === "select" ? (
          <label key={p.key}>
            {p.message}
            <select value={props.inputs[p.key] ?? ""} onChange={(e) => set(p.key, e.target.value)}>
              <option value="" disabled>
                Choose…
              </option>
              {(p.options ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                  {o.hint ? ` (${o.hint})` : ""}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label key={p.key}>
            {p.message}
            <input
              value={props.inputs[p.key] ?? ""}
              placeholder={p.placeholder}
              autoComplete="off"
              onChange={(e) => set(p.key, e.target.value)}
            />
          </label>
        ),
      )}
    </>
  );
}
