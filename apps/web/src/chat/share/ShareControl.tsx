// "Share a public link": opencode publishes the chat through its share service. Nothing is sent
// before the user has read what goes where and agreed: the whole conversation (code and tool
// output included) and what is added while shared, to the share service named by its host, for
// anyone with the link, until Stop sharing deletes it there. Then the link, Copy, Stop sharing.
// Shares go to the console organisation the user is signed in to, when there is one: the consent
// names it. Where the config or the project's own config turns sharing off, it says so instead.
import { defaultShareService, type ShareState, sharingOffSentence } from "@turnkey/contracts";
import { useEffect, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import "./share.css";
import { InlineProblem } from "../../shared/InlineProblem.tsx";

/** The host the window names as the recipient: what a person can check against the link. */
export function serviceHost(service: string): string {
  try {
    return new URL(service).host;
  } catch {
    return service;
  }
}

export function ShareControl(props: { sessionID: string; live: boolean }) {
  const { sessionID, live } = props;
  const [state, setState] = useState<ShareState | null>(null);
  const [asking, setAsking] = useState(false);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setState(null);
    if (!live) return;
    // A lookup that fails hides the control; it never breaks the chat window around it.
    void (async () => {
      try {
        const next = await api.shareState(sessionID);
        if (!cancelled) setState(next);
      } catch {}
    })();
    return () => {
      cancelled = true;
    };
  }, [sessionID, live]);

  if (!state) return null;
  // Turned off, by the user's config or the project's: it says so and offers nothing to press.
  // A chat shared before it was turned off still shows its link, so it can be stopped.
  if (state.disabled && !state.url)
    return (
      <section className="share-control" aria-label="Share">
        <p className="muted">{sharingOffSentence(state.disabledIn)}</p>
      </section>
    );
  // Where a share would go could not be checked (the console organisation): nothing is offered.
  if (state.unknownRecipient && !state.url)
    return (
      <section className="share-control" aria-label="Share">
        <p className="muted">{state.unknownRecipient}</p>
      </section>
    );
  const host = serviceHost(state.service);

  const act = async (call: () => Promise<ShareState>) => {
    setWorking(true);
    setError(null);
    try {
      setState(await call());
      setAsking(false);
      setCopied(false);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setWorking(false);
    }
  };
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setError("The link could not be copied here; select it and copy it yourself.");
    }
  };

  return (
    <section className="share-control" aria-label="Share">
      {state.url ? (
        <>
          <p className="muted">Shared publicly: anyone with this link can read the chat, and what is added to it.</p>
          <input
            className="share-link"
            readOnly
            value={state.url}
            aria-label="Public link"
            onFocus={(e) => e.target.select()}
          />
          <div className="share-actions">
            <button type="button" className="small" onClick={() => void copy(state.url as string)}>
              {copied ? "Copied" : "Copy link"}
            </button>
            <button
              type="button"
              className="small"
              disabled={working}
              onClick={() => void act(() => api.unshare(sessionID))}
            >
              Stop sharing
            </button>
          </div>
        </>
      ) : asking ? (
        <fieldset className="share-consent">
          <legend>Share this chat publicly?</legend>
          <ul>
            <li>
              <strong>What is sent:</strong> the whole conversation: every prompt and reply, the code and files in it,
              the commands the agent ran and their output, the changes made. What is added to the chat later is sent
              too, while it stays shared.
            </li>
            <li>
              <strong>To whom:</strong>{" "}
              {state.organisation ? (
                <>
                  your OpenCode console organisation <strong>{state.organisation.name}</strong> (signed in as{" "}
                  {state.organisation.account}) at <strong>{host}</strong>, which keeps a copy and publishes it.
                </>
              ) : state.service === defaultShareService ? (
                <>
                  OpenCode's share service at <strong>{host}</strong>, which keeps a copy and publishes it.
                </>
              ) : (
                // `enterprise.url` may come from the project's own opencode.json (review 6, S7).
                <>
                  the share service at <strong>{host}</strong>, named by <code>enterprise.url</code> in OpenCode's
                  config (yours or this project's opencode.json), not OpenCode's own service (
                  {serviceHost(defaultShareService)}
                  ); it keeps a copy and publishes it.
                </>
              )}
            </li>
            <li>
              <strong>Who can read it:</strong> anyone who has the link, without signing in.
            </li>
            <li>
              <strong>How to stop:</strong> Stop sharing (here, once shared) deletes the copy at {host} and the link
              stops working; what someone already saw or saved stays with them.
            </li>
          </ul>
          <div className="share-actions">
            <button
              type="button"
              className="small"
              disabled={working}
              onClick={() => void act(() => api.share(sessionID))}
            >
              {working ? "Sharing…" : `Share publicly via ${host}`}
            </button>
            <button type="button" className="small" disabled={working} onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </fieldset>
      ) : (
        <button type="button" className="small compact" onClick={() => setAsking(true)}>
          Share a public link…
        </button>
      )}
      <InlineProblem text={error} />
    </section>
  );
}
