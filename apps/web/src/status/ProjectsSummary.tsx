// The status window's view of the work: the open projects, which sessions are replying and which
// wait for the user, from GET /api/projects and its `projects` events.
import type { Project } from "@turnkey/contracts";
import { useEffect } from "react";
import { api } from "../shared/api.ts";

export function ProjectsSummary(props: { projects: Project[] | null; onLoad: (projects: Project[]) => void }) {
  const { onLoad } = props;
  useEffect(() => {
    api.projects().then(onLoad, () => undefined);
  }, [onLoad]);
  const projects = props.projects;
  return (
    <section className="panel" aria-labelledby="projects-title">
      <h2 id="projects-title">Projects</h2>
      {projects === null ? (
        <p className="muted">Loading…</p>
      ) : projects.length === 0 ? (
        <p className="muted">No project yet: open a folder in the chat window.</p>
      ) : (
        <ul className="projects-summary">
          {projects.map((p) => (
            <li key={p.id}>
              <a href={`/chat?project=${encodeURIComponent(p.id)}`} title={p.path}>
                {p.name}
              </a>{" "}
              <span className="muted">
                {p.path}
                {p.branch ? ` · ${p.branch}` : ""}
                {p.exists ? "" : " · folder missing"}
              </span>{" "}
              {p.busySessions.length > 0 && (
                <strong>
                  {p.busySessions.length} {p.busySessions.length === 1 ? "session" : "sessions"} replying
                </strong>
              )}
              {p.waitingSessions.length > 0 && (
                <strong className="waiting-badge">{p.waitingSessions.length} waiting for you</strong>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
