// The Providers view (from the header, the model picker and the first run with nothing connected):
// every provider OpenCode knows with how it is connected, Sign in where its OpenCode plugin offers
// a sign-in (GitHub Copilot's device code, a ChatGPT sign-in…), an API key for the others, and
// Disconnect for what OpenCode saved. After each change the providers and the models are read again.
import type { ProviderConnection, ProvidersResponse, SignInState } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { LateApproval } from "./providers/LateApproval.tsx";
import { ProviderKeyForm } from "./providers/ProviderKeyForm.tsx";
import { ProviderSignIn } from "./providers/ProviderSignIn.tsx";
import { canDisconnect, connectionSentence, filterProviders, sortProviders } from "./providers/providerState.ts";
import "./providers/providers.css";
import { InlineProblem } from "../shared/InlineProblem.tsx";

type Open = { id: string; what: "sign-in" | "key" } | null;

export function ProviderSetup(props: {
  providers: ProvidersResponse;
  /** A provider was connected or disconnected: the window's providers and models are read again. */
  onChanged: (providers: ProvidersResponse) => void;
  onClose?: () => void;
}) {
  const [list, setList] = useState<ProviderConnection[] | null>(null);
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState<Open>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // Device sign-ins cancelled while OpenCode still waits, by provider: watched beside the provider
  // whatever form is open (LateApproval.tsx).
  const [cancelled, setCancelled] = useState<Record<string, SignInState>>({});
  const unwatch = useCallback(
    (id: string) =>
      setCancelled((now) => {
        const { [id]: _gone, ...rest } = now;
        return rest;
      }),
    [],
  );
  const { onChanged } = props;

  const reload = useCallback(() => {
    api.providerConnections().then(
      (r) => setList(sortProviders(r.providers)),
      (e) => setProblem(errorMessage(e)),
    );
  }, []);
  useEffect(reload, [reload]);
  // After a change: the list and the chat's models read again. Never rejects: a failed read is
  // said here (the form that saved may be gone by then, and a sign-in's callback awaits nothing).
  const changed = useCallback(async () => {
    reload();
    try {
      onChanged(await api.providers());
    } catch (e) {
      setProblem(`Saved, but the providers could not be read again: ${errorMessage(e)}`);
    }
  }, [reload, onChanged]);

  const shown = list ? filterProviders(list, query) : [];
  return (
    <section className="panel setup providers-view" aria-labelledby="providers-title">
      <h2 id="providers-title">Model providers</h2>
      <p className="muted">
        Connect the services whose models answer your chats: sign in where the provider offers it, or paste an API key.
        OpenCode keeps the credentials in its own store on this computer; they are never shown again.
      </p>
      <div className="providers-tools">
        <input
          type="search"
          aria-label="Find a provider"
          placeholder="Find a provider"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {props.onClose && (
          <button type="button" className="secondary" onClick={props.onClose}>
            Close
          </button>
        )}
      </div>
      <InlineProblem text={problem} />
      {list === null && !problem && <p className="muted">Reading the providers…</p>}
      <ul className="provider-list" aria-label="Providers">
        {shown.map((p) => (
          <li key={p.id} className={p.connected ? "provider connected" : "provider"}>
            <div className="provider-head">
              <strong>{p.name}</strong>
              <span className="muted small provider-state">{connectionSentence(p)}</span>
              <span className="provider-actions">
                {p.signIn.length > 0 && (
                  <button type="button" onClick={() => setOpen({ id: p.id, what: "sign-in" })}>
                    {p.via === "signIn" ? "Sign in again" : "Sign in"}
                  </button>
                )}
                {p.acceptsKey && !p.connected && (
                  <button type="button" onClick={() => setOpen({ id: p.id, what: "key" })}>
                    Use an API key
                  </button>
                )}
                {canDisconnect(p) && (
                  <button
                    type="button"
                    disabled={busy === p.id}
                    onClick={() => {
                      setBusy(p.id);
                      setProblem(null);
                      api
                        .disconnectProvider(p.id)
                        .then(changed, (e) => setProblem(errorMessage(e)))
                        .finally(() => setBusy(null));
                    }}
                  >
                    {busy === p.id ? "Disconnecting…" : "Disconnect"}
                  </button>
                )}
              </span>
            </div>
            {cancelled[p.id] && (
              <LateApproval
                key={cancelled[p.id]?.expiresAt}
                cancelled={cancelled[p.id] as SignInState}
                onUndone={() => void changed()}
                onEnded={() => unwatch(p.id)}
              />
            )}
            {open?.id === p.id && open.what === "sign-in" && (
              <ProviderSignIn
                provider={p}
                onSignedIn={changed}
                onCancelled={(state) => setCancelled((now) => ({ ...now, [p.id]: state }))}
                onClose={() => setOpen(null)}
              />
            )}
            {open?.id === p.id && open.what === "key" && (
              <ProviderKeyForm
                name={p.name}
                onCancel={() => setOpen(null)}
                onSave={async (key) => {
                  await api.setProviderKey(p.id, key);
                  setOpen(null);
                  await changed();
                }}
              />
            )}
          </li>
        ))}
        {list !== null && shown.length === 0 && <li className="muted">No provider matches “{query}”.</li>}
      </ul>
    </section>
  );
}
