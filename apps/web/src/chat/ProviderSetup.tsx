// Connect a provider with an API key, for a fresh install with nothing connected. The key goes
// to opencode's auth store through the backend and is never shown again.
import type { ProvidersResponse } from "@turnkey/contracts";
import { useState } from "react";

const suggested = ["anthropic", "openai", "google", "openrouter", "groq", "mistral", "deepseek", "xai"];

export function ProviderSetup(props: {
  providers: ProvidersResponse;
  onConnect: (providerID: string, key: string) => Promise<void>;
  onClose?: () => void;
}) {
  const choices = [...props.providers.providers].sort(
    (a, b) => rank(a.id) - rank(b.id) || a.name.localeCompare(b.name),
  );
  const [provider, setProvider] = useState(choices[0]?.id ?? "");
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section className="panel setup" aria-labelledby="setup-title">
      <h2 id="setup-title">Connect a model provider</h2>
      <p className="muted">
        Paste an API key. It is checked with the provider first, then OpenCode keeps it in its own store on this
        computer.
      </p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await props.onConnect(provider, key.trim());
            setKey("");
          } catch (err) {
            setError(err instanceof Error ? err.message : "Could not connect the provider.");
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          Provider
          <select value={provider} onChange={(e) => setProvider(e.target.value)}>
            {choices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.connected ? " (connected)" : ""}
              </option>
            ))}
          </select>
        </label>
        <label>
          API key
          <input type="password" value={key} autoComplete="off" onChange={(e) => setKey(e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || key.trim() === "" || provider === ""}>
            {busy ? "Connecting…" : "Connect"}
          </button>
          {props.onClose && (
            <button type="button" className="secondary" onClick={props.onClose}>
              Close
            </button>
          )}
        </div>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

function rank(id: string): number {
  const index = suggested.indexOf(id);
  return index === -1 ? suggested.length : index;
}
