// The project picker at the top of the chat window: which folder this window works in, the recent
// projects to switch to, and "Open folder…". A first run (no project yet) asks for one here
// instead of silently working in the home folder.
import type { Project } from "@turnkey/contracts";
import { type ReactNode, useState } from "react";
import { FolderBrowser } from "./FolderBrowser.tsx";
import { BranchIcon, FolderIcon } from "./icons.tsx";
import type { FolderUnknown } from "./useSessionFolder.ts";

export function ProjectPicker(props: {
  projects: Project[] | null;
  current: Project | null;
  /** The folder of the open chat when it is no listed project (a waiting session the tray opened). */
  outside?: string | null;
  onChoose: (id: string) => void;
  onOpen: (path: string) => Promise<unknown>;
  onForget: (id: string) => void;
}) {
  const [browsing, setBrowsing] = useState(false);
  const { projects, current } = props;
  return (
    <div className="project-picker">
      {projects !== null && projects.length === 0 ? (
        <p className="first-project" role="status">
          <strong>Choose the folder OpenCode should work in.</strong> It reads and changes files only there.
        </p>
      ) : (
        <>
          <label htmlFor="project-select">Project</label>
          <select
            id="project-select"
            value={current?.id ?? ""}
            onChange={(e) => props.onChoose(e.target.value)}
            disabled={!projects}
          >
            {props.outside && (
              <option value="" disabled title={props.outside}>
                {folderName(props.outside)} (not in your projects)
              </option>
            )}
            {(projects ?? []).map((p) => (
              <option key={p.id} value={p.id} title={p.path}>
                {p.name}
                {p.waitingSessions.length > 0 ? " (waiting for you)" : p.busySessions.length > 0 ? " (working)" : ""}
                {p.exists ? "" : " (folder missing)"}
              </option>
            ))}
          </select>
        </>
      )}
      <button
        type="button"
        className={projects?.length ? "secondary small" : "primary"}
        onClick={() => setBrowsing(true)}
      >
        Open folder…
      </button>
      {current && projects && projects.length > 1 && (
        <button
          type="button"
          className="linkish"
          title={`Remove ${current.path} from the list (no file is touched)`}
          onClick={() => props.onForget(current.id)}
        >
          Remove from list
        </button>
      )}
      {browsing && <FolderBrowser onOpen={props.onOpen} onClose={() => setBrowsing(false)} />}
    </div>
  );
}

/** The folder and git branch, shown where the user types, with `aside` at the line's end. */
export function ProjectInfo(props: {
  project: Project | null;
  outside?: string | null;
  unknown?: FolderUnknown | null;
  aside?: ReactNode;
}) {
  return (
    <div className="chat-context">
      <FolderLine {...props} />
      {props.aside}
    </div>
  );
}

function FolderLine(props: { project: Project | null; outside?: string | null; unknown?: FolderUnknown | null }) {
  const { project, outside, unknown } = props;
  if (unknown)
    return (
      <p className="project-info" role={unknown.error ? "alert" : undefined}>
        {unknown.error ? (
          <>
            <strong className="bad-text">
              Which folder this chat works in could not be read ({unknown.error}), so its requests wait until it is.
            </strong>{" "}
            <button type="button" className="linkish" onClick={unknown.retry}>
              Retry
            </button>
          </>
        ) : (
          "Finding the folder this chat works in…"
        )}
      </p>
    );
  if (outside)
    return (
      <p className="project-info">
        <span className="sr-only">Working folder: </span>
        <span title={outside}>
          <FolderIcon /> {outside}
        </span>
        <strong> · This chat works in a folder that is not in your projects.</strong>
      </p>
    );
  if (!project) return null;
  return (
    <p className="project-info">
      <span className="sr-only">Working folder: </span>
      <span title={project.path}>
        <FolderIcon /> {project.path}
      </span>
      {project.branch && (
        <span title="git branch">
          {" · "}
          <BranchIcon /> {project.branch}
        </span>
      )}
      {!project.exists && (
        <strong className="bad-text"> · This folder no longer exists: its chats can be read, not continued.</strong>
      )}
    </p>
  );
}

/** A folder's last name, for the picker (either separator: the backend may run on Windows). */
function folderName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}
