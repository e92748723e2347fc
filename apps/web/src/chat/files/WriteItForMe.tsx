// "Write it for me" in a form the chat's model can write in (useModelWriter.ts): the button, Stop
// while it writes, and under the form who wrote it and what to do, with "Put back what you wrote"
// while what it replaced can come back.

/** "Write it for me", or "Stop writing" while the model writes. */
export function WriteButton(props: {
  writing: { running: unknown; stop: () => void };
  className: string;
  disabled: boolean;
  /** What is sent where, and what comes back: the button's tooltip. */
  title: string;
  onWrite: () => void;
}) {
  const { writing, className } = props;
  return writing.running ? (
    <button type="button" className={className} onClick={writing.stop}>
      Stop writing
    </button>
  ) : (
    <button type="button" className={className} disabled={props.disabled} title={props.title} onClick={props.onWrite}>
      Write it for me
    </button>
  );
}

export function WriterNote(props: { writing: { note: string | null; previous: unknown; putBack: () => void } }) {
  const { note, previous, putBack } = props.writing;
  if (!note) return null;
  return (
    <p className="muted small" role="note">
      {note}
      {previous !== null && (
        <>
          {" "}
          <button type="button" className="linkish small" onClick={putBack}>
            Put back what you wrote
          </button>
        </>
      )}
    </p>
  );
}
