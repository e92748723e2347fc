// "Open in": the project folder, or the open file at its line, in an app on the user's computer.
// One button for the editor used last (or the first one found), and the others a click away: the
// file manager (a file is shown selected in its folder), a terminal in the folder. What happened
// is said beside it, a failure with the backend's sentence; nothing shows where the backend cannot
// open apps (a server without a desktop: the README says why). The buttons read the chat's list
// from OpenWithContext, which the side panel (or a Files tab on its own) provides.
import type { OpenWithApp, OpenWithRequest, OpenWithResponse, OpenWithResult } from "@turnkey/contracts";
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { firstChangedLine } from "../workbench/patch.ts";

export interface OpenWithSource {
  apps: () => Promise<OpenWithResponse>;
  open: (request: OpenWithRequest) => Promise<OpenWithResult>;
}

/** The chat's "Open in", shared by the Files tab and the Changes tab (ChatSidePanel provides it). */
export interface SharedOpenWith {
  source: OpenWithSource;
  listed: OpenWithResponse | null;
  used: (app: OpenWithApp) => void;
}
export const OpenWithContext = createContext<SharedOpenWith | null>(null);

/**
 * The apps, asked for once per chat's panel, ready to provide (null without a source); an editor
 * just used becomes the one offered first.
 */
export function useOpenWithApps(source: OpenWithSource | undefined): SharedOpenWith | null {
  const [listed, setListed] = useState<OpenWithResponse | null>(null);
  useEffect(() => {
    if (!source) return;
    let live = true;
    // Through a promise, so that a call that throws at once is a failure like any other.
    Promise.resolve()
      .then(() => source.apps())
      .then(
        (answer) => live && setListed(answer),
        // No list, no buttons: the rest of the tab works without them.
        () => live && setListed(null),
      );
    return () => {
      live = false;
    };
  }, [source]);
  const used = useCallback((app: OpenWithApp) => {
    if (app.kind === "editor") setListed((now) => (now ? { ...now, preferred: app.id } : now));
  }, []);
  return useMemo(() => (source ? { source, listed, used } : null), [source, listed, used]);
}

function label(app: OpenWithApp, forFile: boolean): string {
  if (app.kind === "files") return `${forFile ? "Show" : "Open"} in ${app.name}`;
  if (app.kind === "terminal") return `Open ${app.name} here`;
  return `Open in ${app.name}`;
}

/** A changed file's buttons (the Changes tab's, the Files tab's change list): at its first changed line, none once deleted. */
export function OpenChangedFile(props: { path: string; deleted: boolean; patch: string | null | undefined }) {
  if (props.deleted) return null;
  const line = props.patch ? firstChangedLine(props.patch) : null;
  return <OpenWith path={props.path} {...(line !== null ? { line } : {})} />;
}

export function OpenWith(props: {
  /** A file of the project (absent: the project folder). */
  path?: string;
  line?: number;
}) {
  const shared = useContext(OpenWithContext);
  const listed = shared?.listed ?? null;
  const forFile = props.path !== undefined;
  // A file opens in an editor or is shown in the file manager; a terminal opens folders only.
  const apps = (listed?.apps ?? []).filter((app) => !forFile || app.kind !== "terminal");
  const editors = apps.filter((app) => app.kind === "editor");
  const first =
    editors.find((app) => app.id === listed?.preferred) ??
    editors[0] ??
    apps.find((a) => a.kind === "files") ??
    apps[0];
  const others = apps.filter((app) => app !== first);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const listId = useId();
  if (!shared || !first) return null;

  // Held while one opens (aria-disabled, not disabled: a disabled button drops the keyboard's focus
  // onto the page, where Escape stops the running reply).
  const open = async (app: OpenWithApp, fromList: boolean) => {
    if (busy) return;
    setBusy(true);
    setSaid(null);
    try {
      const request: OpenWithRequest = {
        app: app.id,
        ...(props.path !== undefined ? { path: props.path } : {}),
        ...(props.line !== undefined && app.lines ? { line: props.line } : {}),
      };
      const result = await shared.source.open(request);
      setSaid({ ok: true, text: result.message });
      shared.used(app);
      if (fromList) {
        // The list and the button in it go: the keyboard goes back to ▾.
        setMore(false);
        toggle.current?.focus();
      }
    } catch (error) {
      setSaid({ ok: false, text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    // A group named after what it opens: the project's row and a file's row are told apart.
    <fieldset
      className="open-with"
      aria-label={forFile ? `Open ${props.path} in another program` : "Open the project in another program"}
    >
      <div className="open-with-buttons">
        <button type="button" className="small" aria-disabled={busy} onClick={() => void open(first, false)}>
          {label(first, forFile)}
        </button>
        {others.length > 0 && (
          <button
            type="button"
            className="small"
            ref={toggle}
            aria-expanded={more}
            aria-controls={listId}
            aria-label={forFile ? "Open the file in another app" : "Open the project in another app"}
            onClick={() => setMore((shown) => !shown)}
          >
            ▾
          </button>
        )}
      </div>
      {more && (
        <fieldset
          id={listId}
          className="open-with-list"
          aria-label="Other apps"
          onKeyDown={(event) => {
            if (event.key !== "Escape") return;
            // Not the file's Escape (which closes it): only this list closes.
            event.stopPropagation();
            setMore(false);
            toggle.current?.focus();
          }}
        >
          {others.map((app) => (
            <button
              key={app.id}
              type="button"
              className="small linkish"
              aria-disabled={busy}
              onClick={() => void open(app, true)}
            >
              {label(app, forFile)}
            </button>
          ))}
        </fieldset>
      )}
      {/* Always there, so that a screen reader hears what it comes to say. */}
      <span className="muted small" role="status">
        {busy ? "Opening…" : said?.ok ? said.text : ""}
      </span>
      {said && !said.ok && (
        <span className="inline-error small" role="alert">
          {said.text}
        </span>
      )}
    </fieldset>
  );
}
