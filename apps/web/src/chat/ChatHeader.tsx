// The chat window's title bar: notifications, the shortcuts sheet, theme, providers, the status window.
import { ThemePicker } from "../shared/ThemePicker.tsx";

export function ChatHeader(props: {
  askNotifications: (() => void) | null;
  onHelp: () => void;
  onProviders: (() => void) | null;
}) {
  return (
    <header className="page-head">
      <h1>Chat</h1>
      <nav aria-label="Window">
        {props.askNotifications && (
          <button type="button" className="linkish" onClick={props.askNotifications}>
            Turn on notifications
          </button>
        )}
        <button type="button" className="linkish" onClick={props.onHelp} aria-keyshortcuts="?">
          Shortcuts
        </button>
        <ThemePicker />
        <button type="button" className="linkish" onClick={() => props.onProviders?.()} disabled={!props.onProviders}>
          Providers
        </button>
        <a href="/">Status</a>
      </nav>
    </header>
  );
}
