// The `?` overlay: every keyboard shortcut of the chat window, from the same table the keys use.
import { useEffect, useRef } from "react";
import { shortcuts } from "./shortcuts.ts";

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="shortcuts-title"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="panel overlay-panel">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className="shortcut-list">
          {shortcuts.map((s) => (
            <div key={s.id}>
              <dt>
                <kbd>{s.keys}</kbd>
              </dt>
              <dd>{s.does}</dd>
            </div>
          ))}
          <div>
            <dt>
              <kbd>↑ ↓</kbd> <kbd>F2</kbd> <kbd>Del</kbd>
            </dt>
            <dd>In the session list: move, rename, delete</dd>
          </div>
        </dl>
        <button type="button" className="secondary" ref={close} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
