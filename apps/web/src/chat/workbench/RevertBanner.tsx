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
  /** The undo was pressed here (not told by another window): take the focus, once. */
  pressedHere: boolean;
  /** The press was answered: it is not answered again when the same undo comes back later. */
  onPressAnswered: () => void;
  busy: boolean;
  onRedo: () => void;
}) {
  const redo = useRef<HTMLButtonElement>(null);
  const { pressedHere, onPressAnswered } = props;
  useEffect(() => {
    if (!pressedHere) return;
    onPressAnswered();
    redo.current?.scrollIntoView?.({ block: "nearest" });
    // Only from where the pressed Undo left it (the page, or the panel): a person who went on to
    // type elsewhere while a slow undo ran keeps their place (a space there would press Redo).
    const active = document.activeElement;
    const panel = redo.current?.closest("aside, .session-panel");
    if (!active || active === document.body || panel?.contains(active)) redo.current?.focus();
  }, [pressedHere, onPressAnswered]);
  const prompts = `${props.prompts} prompt${props.prompts === 1 ? "" : "s"}`;
  return (
    <div className="banner banner-info revert-banner" role="status">
      <span>
        {props.filesTracked
          ? `Undone: ${prompts} and ${props.prompts === 1 ? "its" : "their"} file changes.`
          : `Undone: ${prompts}, in the conversation only. This folder is not a git repository, so OpenCode kept no copy of the files: they stay as they are.`}{" "}
        Send a message to continue from here, or redo.
      </span>
      <button ref={redo} type="button" className="small" onClick={props.onRedo} disabled={props.busy}>
        Redo
      </button>
    </div>
  );
}
