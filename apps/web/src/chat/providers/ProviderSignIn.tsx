// Signing in to one provider with a method its OpenCode plugin offers: choose the method, answer
// its questions, then open the provider's page in the browser. A device code ("auto") shows the
// code to enter there, with Copy, while OpenCode waits for the provider; a "code" sign-in takes
// the code the page shows, pasted back. Cancel stops waiting (and says so should the provider's page
// be approved anyway, which the backend undoes); every failure is a sentence.

import { TurnkeyApiError } from "@turnkey/client";
import type { ProviderConnection, SignInMethod, SignInState } from "@turnkey/contracts";
import { useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { CopyButton } from "../CodeBlock.tsx";
import { SignInPrompts, visiblePrompts } from "./SignInPrompts.tsx";

/** How often the window asks whether OpenCode's wait ended (a read of the backend's memory). */
const pollMs = 1_500;

/** The backend no longer has the sign-in (it restarted: 404), or OpenCode does not (409 no_sign_in). */
function ended(error: unknown): boolean {
  return error instanceof TurnkeyApiError && (error.httpStatus === 404 || error.code === "no_sign_in");
}

export function ProviderSignIn(props: {
  provider: ProviderConnection;
  /** The provider's connection may have changed: signed in, or a late approval undone. */
  onChanged: () => void;
  onClose: () => void;
}) {
  const methods = props.provider.signIn;
  const [method, setMethod] = useState<SignInMethod | undefined>(methods[0]);
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [flow, setFlow] = useState<SignInState | null>(null);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = props.provider.id;
  // Told once, when the sign-in ends connected or is undone (the parent's callback may change on every render).
  const onChanged = useRef(props.onChanged);
  onChanged.current = props.onChanged;

  // Reads of the sign-in's state that failed in a row (the backend restarting): the next read waits longer.
  const [failedReads, setFailedReads] = useState(0);
  // After Cancel, whether the window still reads the sign-in: OpenCode's wait goes on, and a page
  // approved late is undone by the backend, which says so in the sign-in's state (providerSignIns.ts).
  const [watchingCancel, setWatchingCancel] = useState(false);
  // While OpenCode waits for the provider, read the sign-in's state until it ends. A failed read
  // is said and tried again (up to 8× the pause apart): one 503 must not leave "Waiting…" for ever.
  // It ends the sign-in when the backend no longer has it (404: it restarted) or its time is up.
  // A cancelled one is read until the backend says what it undid, or its code expires.
  useEffect(() => {
    if (flow?.kind !== "auto") return;
    // Until the backend says what it undid, or that OpenCode's wait ended (nothing more can happen).
    const undoing =
      watchingCancel && flow.state === "cancelled" && flow.error === null && flow.lateApprovalPossible !== false;
    if (flow.state !== "waiting" && !undoing) return;
    if (undoing && Date.now() > flow.expiresAt) return setWatchingCancel(false);
    // An answer that comes after the flow moved on (a Cancel, a new sign-in) is not taken.
    let live = true;
    const timer = setTimeout(
      () => {
        api.signInState(id).then(
          (next) => {
            if (!live) return;
            setFailedReads(0);
            if (!undoing) {
              setError(null);
              setFlow(next);
            } else if (next.state === "cancelled") {
              setFlow(next);
              // Undone: the credential may differ from what the list shows (a key that could not be
              // put back, tokens that could not be removed), so the list is read again.
              if (next.error !== null) onChanged.current();
            } else setWatchingCancel(false); // another window started a new sign-in: not this one's word
          },
          (e) => {
            if (!live) return;
            if (undoing) {
              // Nothing to say about a cancelled sign-in the backend no longer has; else read again later.
              if (ended(e)) setWatchingCancel(false);
              else setFailedReads((n) => n + 1);
              return;
            }
            const gone = ended(e);
            if (gone || Date.now() > flow.expiresAt) {
              setError(null);
              setFailedReads(0);
              setFlow({
                ...flow,
                state: "failed",
                error: gone
                  ? errorMessage(e)
                  : `The sign-in to ${props.provider.name} was not finished in time. Press Sign in to start again.`,
              });
              return;
            }
            setError(errorMessage(e));
            setFailedReads((n) => n + 1);
          },
        );
      },
      pollMs * Math.min(2 ** failedReads, 8),
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [flow, id, failedReads, watchingCancel, props.provider.name]);
  useEffect(() => {
    if (flow?.state === "connected") onChanged.current();
  }, [flow?.state]);

  const run = async (work: () => Promise<SignInState>) => {
    setBusy(true);
    setError(null);
    setFailedReads(0); // a new sign-in's first read comes after the usual pause
    try {
      setFlow(await work());
    } catch (e) {
      // A sign-in the backend or OpenCode no longer has ends here, with Sign in to start again.
      if (flow?.state === "waiting" && ended(e)) setFlow({ ...flow, state: "failed", error: errorMessage(e) });
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (!flow || flow.state === "cancelled" || flow.state === "failed") {
    // A choice must be made before the sign-in starts (opencode's TUI asks it first too).
    const unanswered =
      !method || visiblePrompts(method.prompts, inputs).some((p) => p.type === "select" && !inputs[p.key]);
    return (
      <form
        className="provider-sign-in"
        aria-label={`Sign in to ${props.provider.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!method) return;
          const answers = Object.fromEntries(
            visiblePrompts(method.prompts, inputs).map((p) => [p.key, inputs[p.key] ?? ""]),
          );
          void run(() => api.startSignIn(id, { method: method.index, inputs: answers }));
        }}
      >
        {methods.length > 1 && (
          <fieldset>
            <legend>How to sign in</legend>
            {methods.map((m) => (
              <label key={m.index} className="inline">
                <input type="radio" name={`method-${id}`} checked={m === method} onChange={() => setMethod(m)} />
                {m.label}
              </label>
            ))}
          </fieldset>
        )}
        {method && <SignInPrompts prompts={method.prompts} inputs={inputs} onChange={setInputs} />}
        {flow?.error && (
          <p className="inline-error" role="status">
            {flow.error}
          </p>
        )}
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || unanswered}>
            {busy ? "Asking OpenCode…" : methods.length > 1 ? "Continue" : (method?.label ?? "Sign in")}
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            Close
          </button>
        </div>
      </form>
    );
  }

  if (flow.state === "connected") return <p role="status">Signed in to {props.provider.name}.</p>;

  return (
    <section className="provider-sign-in" aria-label={`Sign in to ${props.provider.name}`}>
      <p>
        <a href={flow.url} target="_blank" rel="noopener noreferrer">
          Open {props.provider.name}'s sign-in page
        </a>{" "}
        <span className="muted small">(it opens in your browser)</span>
      </p>
      {flow.instructions && <p className="muted">{flow.instructions}</p>}
      {flow.userCode && (
        <p className="user-code">
          Code to enter: <code>{flow.userCode}</code> <CopyButton text={flow.userCode} label="Copy code" />
        </p>
      )}
      {flow.kind === "code" ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.sendSignInCode(id, code.trim()));
          }}
        >
          <label>
            Code from the page
            <input value={code} autoComplete="off" onChange={(e) => setCode(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={busy || code.trim() === ""}>
            {busy ? "Checking…" : "Finish signing in"}
          </button>
        </form>
      ) : (
        <p role="status" className="waiting">
          Waiting for you to finish on {props.provider.name}'s page…
        </p>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setWatchingCancel(true);
            void run(() => api.cancelSignIn(id));
          }}
        >
          Cancel sign-in
        </button>
      </div>
    </section>
  );
}
