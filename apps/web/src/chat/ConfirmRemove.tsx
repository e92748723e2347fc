// The question a config section asks before removing something (an MCP server, an agent or command
// file, a scheduled task): what goes, the danger button, and Cancel, as one labelled group.
export function ConfirmRemove(props: {
  /** The group's name, "Remove <what>", as screen readers and tests find it. */
  label: string;
  question: string;
  confirm: string;
  disabled: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <fieldset className="config-confirm" aria-label={props.label}>
      <span>{props.question}</span>
      <button type="button" className="small danger" disabled={props.disabled} onClick={props.onConfirm}>
        {props.confirm}
      </button>
      <button type="button" className="small" onClick={props.onCancel}>
        Cancel
      </button>
    </fieldset>
  );
}
