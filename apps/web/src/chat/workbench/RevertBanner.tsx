// What an undo did, and Redo, above the session panel's tabs while the chat is rolled back. An
// undo pressed in this window moves the keyboard here and brings it into view: the pressed Undo
// went away with its prompt (focus fell to the page) and this was the undo's only feedback, out
// of sight above the list. Outside git it says the files stayed as they were: OpenCode keeps no
// copy of files there, so an undo takes back the conversation only.
import { useEffect, useRef } from "react";

export function RevertBanner(props: {
  /** How many prompts the undo took back. */
  prompts: number;
  filesTracked: boolean;
  /** The undo was pressed here (not told by another window): take the focus. */
  pressedHere: boolean;
  busy: boolean;
  onRedo: () => void;
}) {
  const redo = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!props.pressedHere) return;
    redo.current?.scrollIntoView?.({ block: "nearest" });
    redo.current?.focus();
  }, [props.pressedHere]);
  const prompts = `${props.prompts} prompt${props.prompts === 1 ? "" : "s"}`;
  return (
    <div className="banner banner-info revert-banner" role="status">
      <span>
        {props.filesTracked
          ? `Undone: ${prompts} and their file changes.`
          : `Undone: ${prompts}, in the conversation only. This folder is not a git repository, so OpenCode kept no copy of the files: they stay as they are.`}{" "}
        Send a message to continue from here, or redo.
      </span>
      <button ref={redo} type="button" className="small" onClick={props.onRedo} disabled={props.busy}>
        Redo
      </button>
    </div>
  );
}
