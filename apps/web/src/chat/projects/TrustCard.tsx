// "Do you trust the files in this folder?": a project whose folder has its own OpenCode config
// (plugins that run inside OpenCode, {file:…} that reads any file into a request, a provider
// address that receives the key) is not loaded by OpenCode until the user trusts it; the backend
// refuses every call there with folder_untrusted. This card says what that config would do, read
// by the backend without running it, and asks. Read again when the project changes and after each
// problem the window shows (config the agent wrote into a folder stops the next call).
import { TurnkeyApiError } from "@turnkey/client";
import type { FolderTrust, TrustFindings } from "@turnkey/contracts";
import { type ReactNode, useEffect, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { InlineProblem } from "../../shared/InlineProblem.tsx";

function Listed(props: { title: string; items: ReactNode[] }) {
  if (props.items.length === 0) return null;
  return (
    <div className="trust-group">
      <p className="trust-group-title">{props.title}</p>
      <ul>
        {props.items.map((item, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list read once, never reordered
          <li key={index}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

function Findings({ findings }: { findings: TrustFindings }) {
  return (
    <>
      <Listed
        title="Plugins: code that runs inside OpenCode, with your keys within reach"
        items={findings.plugins.map((p) => <code key={p}>{p}</code>)}
      />
      <Listed
        title="Programs it has OpenCode run (on each file the agent edits, or to read your code)"
        items={findings.commands.map((c) => (
          <span key={c.name}>
            <strong>{c.name}</strong>: runs <code>{c.command}</code>
          </span>
        ))}
      />
      <Listed
        title="What it lets the agent do without asking you"
        items={findings.allowed.map((a) => <code key={a}>{a}</code>)}
      />
      <Listed
        title="MCP servers it starts or connects to"
        items={findings.mcpServers.map((s) => (
          <span key={s.name}>
            <strong>{s.name}</strong>: {s.kind === "local" ? "runs " : "connects to "}
            <code>{s.target}</code>
          </span>
        ))}
      />
      <Listed
        title="Providers sent to another address (your key goes there)"
        items={findings.providerAddresses.map((p) => (
          <span key={p.provider}>
            <strong>{p.provider}</strong>: <code>{p.baseURL}</code>
          </span>
        ))}
      />
      <Listed
        title="Instructions fetched from the network at each prompt"
        items={findings.instructionUrls.map((u) => <code key={u}>{u}</code>)}
      />
      <Listed
        title="Files and environment variables it reads into its settings"
        items={findings.references.map((r) => <code key={r}>{r}</code>)}
      />
      <Listed
        title="Files that do not parse"
        items={findings.unparsed.map((u) => (
          <span key={u.file}>
            <code>{u.file}</code>: {u.problem}
          </span>
        ))}
      />
      <Listed
        title="Files found"
        items={[
          ...findings.files.map((f) => <code key={f}>{f}</code>),
          ...(findings.moreFiles > 0 ? [`…and ${findings.moreFiles} more`] : []),
        ]}
      />
      {!findings.complete && (
        <p className="inline-error" role="alert">
          Its .opencode folder holds more files than OpenCode Turnkey reads to show you what they do, so this folder
          cannot be trusted from here. Remove what OpenCode does not need from it, then look again.
        </p>
      )}
    </>
  );
}

export function TrustCard(props: {
  projectId: string | null;
  /** Anything that changes when the window shows a new problem: the card reads the trust again. */
  recheck: unknown;
  /** The folder was trusted: what failed before can be read again. */
  onTrusted: () => void;
}) {
  const { projectId, recheck } = props;
  const [trust, setTrust] = useState<FolderTrust | null>(null);
  const [notNow, setNotNow] = useState(false);
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `recheck` is only a reason to read again
  useEffect(() => {
    setNotNow(false);
    setProblem(null);
    if (!projectId) {
      setTrust(null);
      return;
    }
    let live = true;
    api.folderTrust(projectId).then(
      (answer) => live && setTrust(answer),
      () => live && setTrust(null), // an unknown project: nothing to ask about
    );
    return () => {
      live = false;
    };
  }, [projectId, recheck]);

  if (!trust?.hasConfig || trust.projectId !== projectId) return null;
  const act = (call: Promise<FolderTrust>, after?: () => void) => {
    setWorking(true);
    setProblem(null);
    call.then(
      (answer) => {
        setTrust(answer);
        setWorking(false);
        after?.();
      },
      (e) => {
        setProblem(errorMessage(e));
        setWorking(false);
        // The config changed since the card was read: show it as it is now (the sentence stays).
        if (e instanceof TurnkeyApiError && e.code === "trust_config_changed")
          api.folderTrust(trust.projectId).then(setTrust, () => undefined);
      },
    );
  };
  if (trust.trusted) {
    return (
      <p className="trust-note">
        You trust this folder's OpenCode configuration.{" "}
        <button
          type="button"
          className="linkish"
          disabled={working}
          onClick={() => act(api.forgetFolderTrust(trust.projectId))}
        >
          Forget trust
        </button>
      </p>
    );
  }
  if (notNow) return null;
  return (
    <section className="trust-card" aria-label="Do you trust the files in this folder?">
      <p className="trust-title">
        <strong>Do you trust the files in this folder?</strong>
      </p>
      <p>
        <code>{trust.path}</code> has its own OpenCode configuration. It can run code on your computer and send your
        keys and files to other addresses, so OpenCode does not work in this folder until you trust it. Trust it only if
        you know where these files came from.
      </p>
      <Findings findings={trust.findings} />
      <InlineProblem text={problem} />
      <p className="trust-actions">
        <button
          type="button"
          disabled={working || !trust.findings.complete}
          onClick={() => act(api.trustFolder(trust.projectId, trust.digest), props.onTrusted)}
        >
          Trust this folder
        </button>{" "}
        <button type="button" disabled={working} onClick={() => setNotNow(true)}>
          Not now
        </button>
      </p>
    </section>
  );
}
