// A message typed while OpenCode is not running: shown with its attachments, with Cancel, until it
// goes out. When OpenCode will not come back by itself (stopped, failed) it says so and offers Start.
// One typed while the window has lost the backend waits for the connection, and says so.
import type { SidecarState } from "@turnkey/contracts";
import type { HeldMessage as Held } from "./heldStore.ts";
import { AttachmentTray } from "./workbench/ComposerAssist.tsx";

const whyNotReady: Partial<Record<SidecarState, string>> = {
  stopped: "OpenCode is stopped: it will not be ready until it is started.",
  stopping: "OpenCode is stopping: it will not be ready until it is started again.",
  failed: "OpenCode failed to start and will not try again by itself.",
};

export function HeldMessage(props: {
  held: Held;
  onCancel: () => void;
  /** OpenCode's state when it is not running nor on its way up; null while it (re)starts. */
  notRunning: SidecarState | null;
  /** The window's event stream to the backend is down: it is sent once it is back and OpenCode runs. */
  disconnected?: boolean;
  onStart?: () => void;
  starting?: boolean;
}) {
  const { held } = props;
  return (
    <section className="held" aria-label="Message waiting for OpenCode">
      {held.text && <p className="held-text">{held.text}</p>}
      <AttachmentTray attachments={held.attachments} label="Files waiting with the message" />
      {held.notKept ? (
        <p className="muted small">
          {held.notKept} attached file(s) were too large to keep if the window is reloaded; if they are missing above,
          cancel and attach them again.
        </p>
      ) : null}
      <p className="muted small">
        {props.disconnected
          ? "Will send when this window is connected to the backend again and OpenCode is ready."
          : "Will send when OpenCode is ready."}{" "}
        <button type="button" className="linkish" onClick={props.onCancel}>
          Cancel
        </button>
      </p>
      {props.notRunning && (
        <p className="small held-hint">
          {whyNotReady[props.notRunning] ?? "OpenCode is not running."}{" "}
          {props.onStart ? (
            <button type="button" className="primary small" onClick={props.onStart} disabled={props.starting}>
              {props.starting ? "Starting…" : "Start OpenCode"}
            </button>
          ) : (
            "Start it from the status window."
          )}
        </p>
      )}
    </section>
  );
}
