// While the chat window is in front nothing else tells of a new permission or question: the
// tray's notification and the page's own come only when the window is not in front. The open
// chat's requests (its subagents' too) are in its waiting card; one that comes for a chat the
// window does not show is told here instead, a line per chat that names it (or its project) with
// a button that opens it. A request stops being told once its chat was shown or the line dismissed.
import type { ChatSession, PendingRequest, Project } from "@turnkey/contracts";
import { useEffect, useState } from "react";

export interface ElsewhereLine {
  /** The listed chat the request belongs to (a subagent's: the chat that started it), else the session. */
  sessionID: string;
  projectId: string | null;
  sentence: string;
  open: string;
  requestIds: string[];
}

function what(request: PendingRequest): string {
  if (request.kind === "question") return request.question.questions[0]?.question ?? "It asks a question.";
  const patterns = request.permission.patterns.join(", ");
  return `It asks to use ${request.permission.permission}${patterns ? ` (${patterns})` : ""}.`;
}

/** The lines to show: arrived requests of chats other than the open one, not told yet. */
export function elsewhereLines(options: {
  own: ReadonlyMap<string, PendingRequest[]>;
  arrived: ReadonlySet<string>;
  told: ReadonlySet<string>;
  selected: string | null;
  chats: readonly ChatSession[];
  projectId: string | null;
  projects: readonly Project[] | null;
}): ElsewhereLine[] {
  const lines = new Map<string, ElsewhereLine>();
  for (const [sessionID, pending] of options.own) {
    const fresh = pending.filter((r) => options.arrived.has(r.id) && !options.told.has(r.id));
    const first = fresh[0];
    if (!first || sessionID === options.selected) continue;
    const chat = options.chats.find((c) => c.id === sessionID || c.children?.includes(sessionID));
    if (chat && chat.id === options.selected) continue; // in the open chat's card
    const key = chat?.id ?? sessionID;
    const line = lines.get(key);
    if (line) {
      line.requestIds.push(...fresh.map((r) => r.id));
      continue;
    }
    const project = chat ? null : options.projects?.find((p) => p.waitingSessions.includes(sessionID));
    const subagent = chat !== undefined && chat.id !== sessionID ? " (a subagent of it asks)" : "";
    const who = chat
      ? `“${chat.title}”${subagent}`
      : project && project.id !== options.projectId
        ? `A chat in “${project.name}”`
        : "Another chat";
    lines.set(key, {
      sessionID: key,
      projectId: chat ? options.projectId : (project?.id ?? null),
      sentence: `${who} is waiting for you. ${what(first)}`,
      open: chat ? `Open “${chat.title}”` : "Open that chat",
      requestIds: fresh.map((r) => r.id),
    });
  }
  return [...lines.values()];
}

/** The lines for the window; a request is told once shown in the open chat's card or dismissed. */
export function useWaitingElsewhere(options: {
  waiting: {
    bySession: ReadonlyMap<string, PendingRequest[]>;
    own: ReadonlyMap<string, PendingRequest[]>;
    arrived: ReadonlySet<string>;
  };
  selected: string | null;
  chats: readonly ChatSession[];
  projectId: string | null;
  projects: readonly Project[] | null;
}) {
  const [told, setTold] = useState<ReadonlySet<string>>(new Set());
  const { waiting, selected } = options;
  const shownIds = (selected ? (waiting.bySession.get(selected) ?? []) : []).map((r) => r.id).join("\n");
  useEffect(() => {
    if (shownIds === "") return;
    setTold((before) => new Set([...before, ...shownIds.split("\n")]));
  }, [shownIds]);
  const lines = elsewhereLines({ ...options, own: waiting.own, arrived: waiting.arrived, told });
  return { lines, dismiss: (line: ElsewhereLine) => setTold((before) => new Set([...before, ...line.requestIds])) };
}

export function WaitingElsewhere(props: {
  lines: ElsewhereLine[];
  onOpen: (line: ElsewhereLine) => void;
  onDismiss: (line: ElsewhereLine) => void;
}) {
  if (props.lines.length === 0) return null;
  return (
    <div className="banner banner-info waiting-elsewhere" role="status" aria-label="Waiting in another chat">
      {props.lines.map((line) => (
        <p key={line.sessionID}>
          <span>{line.sentence}</span>{" "}
          <button type="button" className="small" onClick={() => props.onOpen(line)}>
            {line.open}
          </button>{" "}
          <button type="button" className="linkish" onClick={() => props.onDismiss(line)}>
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
