// The Changes tab of the session panel: every file the session changed, each once with its +/-
// counts over the session; a click shows its diff (per prompt when several prompts touched it).
import type { SessionFileChange } from "@turnkey/contracts";
import { ChangedFile, DiffStat } from "./ChangedFile.tsx";

export function SessionChanges(props: {
  files: SessionFileChange[];
  /** How a prompt is named above its part of a file's diff. */
  promptLabel: (messageID: string) => string;
}) {
  const { files } = props;
  if (files.length === 0)
    return (
      <p className="muted session-changes-empty">
        No file changed in this session yet. (OpenCode keeps track of changes in projects that are git repositories.)
      </p>
    );
  const additions = files.reduce((n, f) => n + f.additions, 0);
  const deletions = files.reduce((n, f) => n + f.deletions, 0);
  return (
    <section className="session-changes" aria-label="Files changed in this session">
      <p className="muted session-totals">
        {`${files.length} file${files.length === 1 ? "" : "s"} changed in this session `}
        <DiffStat additions={additions} deletions={deletions} />
      </p>
      <ul className="change-files">
        {files.map((f) => (
          <ChangedFile
            key={f.path}
            file={f}
            patches={f.patches.map((p) => ({
              label: f.patches.length > 1 ? `From ${props.promptLabel(p.messageID)}` : null,
              patch: p.patch,
            }))}
          />
        ))}
      </ul>
    </section>
  );
}
