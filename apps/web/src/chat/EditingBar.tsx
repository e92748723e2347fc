// Above the composer while an earlier prompt is being edited: what sending will do, and Cancel.
export function EditingBar(props: { keptDraft: boolean; sending: boolean; onCancel: () => void }) {
  return (
    <section className="editing-bar" aria-label="Editing an earlier prompt">
      <p>
        <strong>Editing an earlier prompt.</strong> Sending undoes this prompt and everything after it (and the file
        changes they made), then sends your edited text.
        {props.keptDraft && " What you had typed is kept and comes back afterwards."}
      </p>
      <button type="button" className="small" onClick={props.onCancel} disabled={props.sending}>
        Cancel edit
      </button>
    </section>
  );
}
