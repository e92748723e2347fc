// A message typed while OpenCode starts: shown, with Cancel, until it goes out.
import type { HeldMessage as Held } from "./outbox.ts";

export function HeldMessage({ held, onCancel }: { held: Held; onCancel: () => void }) {
  return (
    <section className="held" aria-label="Message waiting for OpenCode">
      <p className="held-text">{held.text}</p>
      <p className="muted small">
        Will send when OpenCode is ready.{" "}
        <button type="button" className="linkish" onClick={onCancel}>
          Cancel
        </button>
      </p>
    </section>
  );
}
