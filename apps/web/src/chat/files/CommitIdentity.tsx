// "Commits as" above the commit form: who git would sign a commit made now as, and where that
// comes from (git/gitIdentity.ts), with Change… to set a name and email for this repository or for
// every repository of the user's. When git cannot tell (a new machine), the form is open from the
// start: the first commit is not the moment to learn it would be refused. A guess git made from the
// computer's names is said as one.
import type { GitIdentity, GitIdentityRequest, GitIdentityResponse, GitIdentitySource } from "@turnkey/contracts";
import { useEffect, useId, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { InlineProblem } from "../../shared/InlineProblem.tsx";

export interface IdentitySource {
  read: () => Promise<GitIdentity>;
  set: (request: GitIdentityRequest) => Promise<GitIdentityResponse>;
}

const fromText: Record<GitIdentitySource, string> = {
  repository: "set for this repository",
  user: "from your git settings",
  system: "from this computer's git settings",
  environment: "from the app's environment (GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, EMAIL or GIT_CONFIG_*)",
  guessed: "guessed by git from this computer's user and host names",
  other: "from author.name or author.email in your git settings, which come first",
};

type Loaded = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; identity: GitIdentity };

/** Where a new name goes by default: the user's settings on first setup, else this repository. */
const defaultScope = (identity: GitIdentity): GitIdentityRequest["scope"] =>
  identity.from === null || identity.from === "guessed" ? "user" : "repository";

export function CommitIdentity(props: { source: IdentitySource; refreshKey: string | number }) {
  const { source, refreshKey } = props;
  const id = useId();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<GitIdentityRequest>({ name: "", email: "", scope: "user" });
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [readAgain, setReadAgain] = useState(0);
  // Leaving the form (Save, Cancel) puts the keyboard back on Change…, not on the page.
  const changeButton = useRef<HTMLButtonElement>(null);
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!refocus) return;
    changeButton.current?.focus();
    setRefocus(false);
  }, [refocus]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and readAgain are the reasons to read again
  useEffect(() => {
    let current = true;
    source.read().then(
      (identity) => current && setLoaded({ state: "ready", identity }),
      (e) => current && setLoaded({ state: "error", message: errorMessage(e) }),
    );
    return () => {
      current = false;
    };
  }, [source, refreshKey, readAgain]);

  if (loaded.state === "loading") return null;
  if (loaded.state === "error")
    return (
      <p className="muted small commit-identity" role="note">
        {`Who commits could not be read: ${loaded.message} `}
        <button type="button" className="linkish small" onClick={() => setReadAgain((n) => n + 1)}>
          Try again
        </button>
      </p>
    );
  const { identity } = loaded;
  const unknown = identity.name === null || identity.email === null;
  const open = editing || unknown;
  const startEditing = () => {
    setForm({
      name: identity.name ?? "",
      email: identity.from === "guessed" ? "" : (identity.email ?? ""),
      scope: defaultScope(identity),
    });
    setProblem(null);
    setDone(null);
    setEditing(true);
  };
  const save = async () => {
    setSaving(true);
    setProblem(null);
    try {
      const answer = await source.set(form);
      setLoaded({ state: "ready", identity: answer.identity });
      setDone(answer.done);
      setEditing(false);
      setRefocus(true);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="commit-identity small" aria-label="Who commits">
      {unknown ? (
        <p role="alert">
          git does not know who you are, so it cannot commit yet. Set the name and email your commits will carry:
        </p>
      ) : (
        <p>
          {"Commits as "}
          <strong>{identity.name}</strong>
          {` <${identity.email}> · `}
          <span className={identity.from === "guessed" ? "inline-error" : "muted"}>
            {identity.from ? fromText[identity.from] : ""}
          </span>{" "}
          {!open && (
            <button type="button" className="linkish small" ref={changeButton} onClick={startEditing}>
              Change…
            </button>
          )}
        </p>
      )}
      {identity.from === "guessed" && !open && (
        <p className="muted">Set your own, so that your commits say who made them and where to reach you.</p>
      )}
      {done && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
      {open && (
        <form
          className="identity-form"
          aria-label="Your name and email for commits"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            Name
            <input
              value={form.name}
              // biome-ignore lint/a11y/noAutofocus: the field the user just asked to change (not when the form opens by itself)
              autoFocus={editing}
              autoComplete="name"
              onChange={(e) => setForm({ ...form, name: e.target.value })}
              placeholder="Ann Lee"
            />
          </label>
          <label>
            Email
            <input
              inputMode="email"
              value={form.email}
              autoComplete="email"
              onChange={(e) => setForm({ ...form, email: e.target.value })}
              placeholder="ann@example.com"
            />
          </label>
          <fieldset>
            <legend className="small">For</legend>
            <label>
              <input
                type="radio"
                name={`${id}-scope`}
                checked={form.scope === "repository"}
                onChange={() => setForm({ ...form, scope: "repository" })}
              />
              This repository only
            </label>
            <label>
              <input
                type="radio"
                name={`${id}-scope`}
                checked={form.scope === "user"}
                onChange={() => setForm({ ...form, scope: "user" })}
              />
              Every repository of yours (your git settings)
            </label>
          </fieldset>
          <div className="commit-actions">
            <button type="submit" disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </button>
            {editing && !unknown && (
              <button
                type="button"
                className="secondary"
                disabled={saving}
                onClick={() => {
                  setEditing(false);
                  setRefocus(true);
                }}
              >
                Cancel
              </button>
            )}
          </div>
          <InlineProblem text={problem} small />
        </form>
      )}
    </section>
  );
}
