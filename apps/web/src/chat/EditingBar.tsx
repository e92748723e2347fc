// Above the composer while an earlier prompt is being edited: what sending will do, and Cancel.
export function EditingBar(props: {
  keptDraft: boolean;
  /** OpenCode keeps copies of the chat's files (a git repository), so the undo puts them back. */
  filesTracked: boolean;
  sending: boolean;
  onCancel: () => void;
}) {
  return (
    <section className="editing-bar" aria-label="Editing an earlier prompt">
      <p>
        <strong>Editing an earlier prompt.</strong> Sending undoes this prompt and everything after it
        {props.filesTracked
          ? " (and the file changes they made)"
          : " in the conversation only (this folder is not a git repository: files stay as they are)"}
        , then sends your edited text.
        {props.keptDraft && " What you had typed is kept and comes back afterwards."}
      </p>
      <button type="button" className="small" onClick={props.onCancel} disabled={props.sending}>
        Cancel edit
      </button>
    </section>
  );
}
