// A render that throws, or a piece of the app's code that can no longer be loaded, unmounted the
// whole window: a blank page and no word of why. This boundary keeps the failure where it
// happened (one message, one diff, the terminal) or, at the root, says what happened in place of
// the window, with the way out. A lazy chunk that fails to load is usually a window left open
// across an update (the new build's files have new names): Vite's build notes this case and
// suggests a reload (https://vite.dev/guide/build#load-error-handling). Reloading is the user's
// choice, never automatic: an automatic one can loop, and what they typed in the message box is
// kept across it anyway (drafts.ts).

import { messageOf } from "@turnkey/contracts";
import { Component, type ReactNode } from "react";

/** What Chromium (Electron), Firefox and Safari say when a dynamic import or its CSS fails. */
const unloadable =
  /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS/i;

/** The most of an error's own message said on screen (the console has all of it). */
const maxSaid = 300;

/** What went wrong, said so that the next step fits the cause. */
export function problemSentence(error: unknown): string {
  if (unloadable.test(messageOf(error)))
    return "Part of this window's code could not be loaded: OpenCode Turnkey may have been updated since the window opened, or the backend stopped. Reload the window.";
  const message = messageOf(error);
  const said = message.length > maxSaid ? `${message.slice(0, maxSaid - 1)}…` : message;
  return `It failed while drawing: ${said}. Reload the window; if it happens again, the problem is in the app, not in your project.`;
}

interface Props {
  /** What failed, as the sentence starts: "This message", "The diff", "This window". */
  what: string;
  /** At the root: the failure takes the window's place, as a page of its own. */
  whole?: boolean;
  /** The window has message boxes, whose text a reload keeps (drafts.ts): the page says so. */
  typedKept?: boolean;
  /**
   * What the part shows: when it changes, the part is drawn again (a message that failed on a
   * half-streamed part is shown once the part is whole).
   */
  resetKey?: unknown;
  /** Injected in tests; the window's reload otherwise. */
  reload?: () => void;
  children: ReactNode;
}

export class ProblemBoundary extends Component<Props, { error: unknown; failed: boolean }> {
  override state = { error: undefined as unknown, failed: false };

  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true };
  }

  override componentDidUpdate(before: Props) {
    if (this.state.failed && before.resetKey !== this.props.resetKey)
      this.setState({ error: undefined, failed: false });
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    const reload = this.props.reload ?? (() => window.location.reload());
    const sentence = `${this.props.what} could not be shown. ${problemSentence(this.state.error)}`;
    const button = (
      <button type="button" className={this.props.whole ? "primary" : "small"} onClick={reload}>
        Reload the window
      </button>
    );
    if (!this.props.whole)
      return (
        <div className="inline-error small part-problem" role="alert">
          <p>{sentence}</p>
          {button}
        </div>
      );
    return (
      <main className="window-problem" role="alert">
        <h1>Something in this window failed</h1>
        <p>{sentence}</p>
        {this.props.typedKept && (
          <p className="muted">What you typed in a message box is kept; it is there again after the reload.</p>
        )}
        {button}
      </main>
    );
  }
}
