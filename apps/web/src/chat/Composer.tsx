// Where the user types. Enter sends, Shift+Enter starts a new line, Escape stops the reply.
// The text stays until the backend accepted it: a refused prompt is never lost.
import type { ModelsResponse } from "@turnkey/contracts";

export function Composer(props: {
  draft: string;
  onDraft: (text: string) => void;
  onSend: () => void;
  onStop: () => void;
  busy: boolean;
  sending: boolean;
  canSend: boolean;
  models: ModelsResponse | null;
  model: string;
  onModel: (value: string) => void;
}) {
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSend();
      }}
    >
      <label htmlFor="prompt" className="sr-only">
        Message
      </label>
      <textarea
        id="prompt"
        value={props.draft}
        placeholder="Message OpenCode (Enter to send, Shift+Enter for a new line)"
        rows={3}
        onChange={(e) => props.onDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            props.onSend();
          } else if (e.key === "Escape" && props.busy) {
            e.preventDefault();
            props.onStop();
          }
        }}
      />
      <div className="composer-bar">
        <label className="model-picker">
          <span>Model</span>
          <select value={props.model} onChange={(e) => props.onModel(e.target.value)} disabled={!props.models}>
            {props.models?.providers.map((p) => (
              <optgroup key={p.id} label={p.name}>
                {p.models.map((m) => (
                  <option key={m.id} value={`${p.id}/${m.id}`}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        {props.busy ? (
          <button type="button" className="danger" onClick={props.onStop}>
            Stop
          </button>
        ) : (
          <button
            type="submit"
            className="primary"
            disabled={!props.canSend || props.sending || props.draft.trim() === ""}
          >
            {props.sending ? "Sending…" : "Send"}
          </button>
        )}
      </div>
    </form>
  );
}
