// The end of a config section's form (an MCP server, an agent or a command): the save's refusal in
// the backend's words, then the submit button, "Saving…" while it runs, and Cancel.
import { InlineProblem } from "../shared/InlineProblem.tsx";
export function ConfigFormEnd(props: { error: string | null; saving: boolean; submit: string; onCancel: () => void }) {
  return (
    <>
      <InlineProblem text={props.error} />
      <div className="config-actions">
        <button type="submit" className="small" disabled={props.saving}>
          {props.saving ? "Saving…" : props.submit}
        </button>
        <button type="button" className="small" onClick={props.onCancel} disabled={props.saving}>
          Cancel
        </button>
      </div>
    </>
  );
}
