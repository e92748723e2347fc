// Says, above the chat, that OpenCode is not running, what that means for the chats shown and a
// message sent now, and offers Start where starting is possible.
import { canStart, isLive, type SidecarStatus } from "@turnkey/contracts";
import { stateView } from "../status/stateView.ts";

export function SidecarBanner(props: {
  status: SidecarStatus | null;
  now: number;
  hasSessions: boolean;
  onStart: () => void;
  starting: boolean;
}) {
  const { status } = props;
  if (!status || isLive(status.state)) return null;
  const view = stateView(status, props.now);
  return (
    <div className="banner banner-warn" role="alert">
      <span>
        <strong>{view.label}.</strong> {view.sentence}{" "}
        {props.hasSessions && "Until it runs, these are the last known sessions and messages, read-only."} A message you
        send now waits until it runs.
      </span>
      {canStart(status.state) && (
        <button type="button" className="primary small" onClick={props.onStart} disabled={props.starting}>
          {props.starting ? "Starting…" : "Start"}
        </button>
      )}
    </div>
  );
}
