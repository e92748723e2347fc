// Connect one provider with an API key: checked with the provider first, then kept in OpenCode's
// own store on this computer and never shown again. It opens on the person's request (Use an API
// key), so its field takes the focus: a key typed right away went nowhere.
import { useEffect, useRef, useState } from "react";
import { InlineProblem } from "../../shared/InlineProblem.tsx";

export function ProviderKeyForm(props: { name: string; onSave: (key: string) => Promise<void>; onCancel: () => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  return (
    <form
      className="provider-key"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await props.onSave(key.trim());
          setKey("");
        } catch (err) {
          setError(err instanceof Error ? err.message : "Could not connect the provider.");
        } finally {
          setBusy(false);
        }
      }}
    >
      <label>
        {props.name} API key
        <input ref={field} type="password" value={key} autoComplete="off" onChange={(e) => setKey(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || key.trim() === ""}>
          {busy ? "Connecting…" : "Connect"}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      <InlineProblem text={error} />
    </form>
  );
}
