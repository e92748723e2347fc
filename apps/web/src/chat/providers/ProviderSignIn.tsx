// Signing in to one provider with a method its OpenCode plugin offers: choose the method, answer
// its questions, then open the provider's page in the browser. A device code ("auto") shows the
// code to enter there, with Copy, while OpenCode waits for the provider; a "code" sign-in takes
// the code the page shows, pasted back. Cancel stops waiting (what becomes of a page approved
// anyway is LateApproval.tsx's); every failure is a sentence.

import type { ProviderConnection, SignInMethod, SignInState } from "@turnkey/contracts";
import { useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { InlineProblem } from "../../shared/InlineProblem.tsx";
import { CopyButton } from "../CodeBlock.tsx";
import { SignInPrompts, visiblePrompts } from "./SignInPrompts.tsx";
import { nextReadMs, signInGone } from "./signInReads.ts";

export function ProviderSignIn(props: {
  provider: ProviderConnection;
  /** The sign-in ended connected. */
  onSignedIn: () => void;
  /** A device sign-in was cancelled while OpenCode still waits: what becomes of it is told elsewhere (LateApproval.tsx). */
  onCancelled: (state: SignInState) => void;
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
  // Told once, when the sign-in ends connected (the parent's callback may change on every render).
  const onSignedIn = useRef(props.onSignedIn);
  onSignedIn.current = props.onSignedIn;

  // Reads of the sign-in's state that failed in a row (the backend restarting): the next read waits longer.
  const [failedReads, setFailedReads] = useState(0);
  // While OpenCode waits for the provider, read the sign-in's state until it ends. A failed read
  // is said and tried again (up to 8× the pause apart): one 503 must not leave "Waiting…" for ever.
  // It ends the sign-in when the backend no longer has it (404: it restarted) or its time is up.
  useEffect(() => {
    if (flow?.state !== "waiting" || flow.kind !== "auto") return;
    // An answer that comes after the flow moved on (a Cancel, a new sign-in) is not taken.
    let live = true;
    const timer = setTimeout(() => {
      api.signInState(id).then(
        (next) => {
          if (!live) return;
          setFailedReads(0);
          setError(null);
          setFlow(next);
        },
        (e) => {
          if (!live) return;
          const gone = signInGone(e);
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
    }, nextReadMs(failedReads));
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [flow, id, failedReads, props.provider.name]);
  useEffect(() => {
    if (flow?.state === "connected") onSignedIn.current();
  }, [flow?.state]);

  const run = async (work: () => Promise<SignInState>) => {
    setBusy(true);
    setError(null);
    setFailedReads(0); // a new sign-in's first read comes after the usual pause
    try {
      setFlow(await work());
    } catch (e) {
      // A sign-in the backend or OpenCode no longer has ends here, with Sign in to start again.
      if (flow?.state === "waiting" && signInGone(e)) setFlow({ ...flow, state: "failed", error: errorMessage(e) });
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
        <InlineProblem text={error} />
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
      <InlineProblem text={error} />
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const cancelled = await api.cancelSignIn(id);
              if (cancelled.lateApprovalPossible) props.onCancelled(cancelled);
              return cancelled;
            })
          }
        >
          Cancel sign-in
        </button>
      </div>
    </section>
  );
}
