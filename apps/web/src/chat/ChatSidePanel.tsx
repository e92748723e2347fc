// The open chat's side panel: usage, todos, prompts and changes (the session panel), with the
// project's files (mentioned into the box) and the terminal in its tabs. The Files tab reads its
// lists again when a reply ends and when the window's event stream opens after a break.
import type { ChatSession } from "@turnkey/contracts";
import { useEffect, useMemo, useRef, useState } from "react";
import { ReconnectsContext } from "../shared/reconnects.ts";
import type { Conversation } from "./conversation.ts";
import { CustomizePanel } from "./customize/CustomizePanel.tsx";
import { exportChat } from "./export/exportChat.ts";
import { FilesPanel, type FilesRequest } from "./files/FilesPanel.tsx";
import { withMention } from "./files/language.ts";
import { OpenWithContext, useOpenWithApps } from "./files/OpenWith.tsx";
import { sessionFiles } from "./files/source.ts";
import { GoalPanel } from "./goals/GoalPanel.tsx";
import type { Run } from "./multirun/multiRun.ts";
import { TaskRuns } from "./multirun/TaskRuns.tsx";
import { NotesPanel } from "./notes/NotesPanel.tsx";
import { SchedulesPanel } from "./schedules/SchedulesPanel.tsx";
import { TerminalPanel } from "./terminal/TerminalPanel.tsx";
import type { useSender } from "./useSender.ts";
import { SessionPanel } from "./workbench/SessionPanel.tsx";
import type { Workbench } from "./workbench/useWorkbench.ts";
import { visibleMessages } from "./workbench/workbenchState.ts";

export function ChatSidePanel(props: {
  selected: string;
  openSession: ChatSession | null;
  conversation: Conversation;
  workbench: Workbench;
  outbox: ReturnType<typeof useSender>;
  busy: boolean;
  live: boolean;
  coming: boolean;
  /** A subagent's chat is open: read-only, no files or terminal of its own. */
  inSubagent: boolean;
  onJump: (messageID: string) => void;
  focusComposer: () => void;
  /** The times the window's event stream opened again after a break: the panels read again then. */
  reconnects: number;
  /** Ctrl+P or Ctrl+Shift+F: the Files tab is shown and the box focused, then `onFilesRequestDone`. */
  filesRequest?: FilesRequest | null;
  onFilesRequestDone?: () => void;
  /** Opens a folder (a worktree of the project) as a project with a new chat. */
  onOpenFolder?: (path: string) => Promise<void>;
  /** Opens a chat of a project (a scheduled task's run). */
  onOpenChat?: (projectId: string, sessionID: string) => void;
  /** Opens another run's chat, when this chat is one run of a task sent to several models. */
  onOpenRun?: (run: Run) => void;
  /** Opens "Run this task with several models" with what the message box holds (absent: not offered now). */
  onSeveral?: () => void;
}) {
  const { reconnects } = props;
  const { selected, conversation, workbench, outbox, busy, live, inSubagent } = props;
  const folder = props.openSession?.directory ?? selected;
  const fileSource = useMemo(() => sessionFiles(selected, folder), [selected, folder]);
  // "Open in", one list for the Files tab and the Changes tab (an editor used in one is first in both).
  const openWith = useOpenWithApps(live && !inSubagent ? fileSource.openWith : undefined);
  const repliesEnded = useRepliesEnded(busy);
  const catalog = workbench.catalog;
  const customChoices = useMemo(
    () => ({
      models: (catalog?.providers ?? []).flatMap((p) =>
        p.models.map((m) => ({ value: `${p.id}/${m.id}`, label: `${p.name} · ${m.name}` })),
      ),
      agents: (catalog?.agents ?? []).map((a) => a.name),
    }),
    [catalog],
  );
  return (
    <ReconnectsContext.Provider value={reconnects}>
      <OpenWithContext.Provider value={openWith}>
        <SessionPanel
          messages={conversation.sessionID === selected ? conversation.messages : []}
          state={workbench.state}
          contextLimit={workbench.modelInfo?.contextLimit ?? null}
          busy={busy}
          filesTracked={workbench.filesTracked}
          onRevert={(id) => void workbench.revert(id)}
          onUnrevert={() => void workbench.unrevert()}
          {...(live ? { onCompact: () => void workbench.compact() } : {})}
          onJump={props.onJump}
          onExport={() => {
            if (props.openSession)
              exportChat(props.openSession, visibleMessages(conversation.messages, workbench.state.revert));
          }}
          files={
            live &&
            !inSubagent && (
              <FilesPanel
                key={selected}
                source={fileSource}
                refreshKey={`${reconnects}:${busy ? "replying" : conversation.messages.length}`}
                searchRefreshKey={`${reconnects}:${repliesEnded}`}
                request={props.filesRequest ?? null}
                {...(props.onFilesRequestDone ? { onRequestDone: props.onFilesRequestDone } : {})}
                {...(props.onOpenFolder ? { onOpenFolder: props.onOpenFolder } : {})}
                commitModel={{ model: workbench.model, name: workbench.modelInfo?.name ?? null }}
                onMention={(path) => {
                  outbox.setDraft(withMention(outbox.draft, path));
                  props.focusComposer();
                }}
              />
            )
          }
          terminal={
            !inSubagent && <TerminalPanel key={selected} sessionID={selected} live={live} coming={props.coming} />
          }
          liveSession={live && !inSubagent ? selected : null}
          goal={
            !inSubagent && (
              <GoalPanel
                key={`goal-${selected}`}
                sessionID={selected}
                live={live}
                choice={{ model: workbench.model, agent: workbench.agent }}
              />
            )
          }
          customize={
            // Kept while OpenCode restarts (a save into a folder it refused restarts it): the open
            // section and its list stay instead of coming back closed (review 23, M2).
            !inSubagent && (
              <CustomizePanel
                key={`custom-${selected}`}
                sessionID={selected}
                live={live}
                choices={customChoices}
                onChanged={workbench.reloadCatalog}
              />
            )
          }
          notes={
            !inSubagent && (
              <NotesPanel
                key={`notes-${selected}`}
                sessionID={selected}
                live={live}
                onAsk={(text) => {
                  outbox.setDraft(outbox.draft.trim() === "" ? text : `${outbox.draft.trimEnd()}\n${text}`);
                  props.focusComposer();
                }}
              />
            )
          }
          {...(props.onOpenChat && props.openSession?.projectId && !inSubagent
            ? {
                schedules: (
                  <SchedulesPanel
                    projectId={props.openSession.projectId}
                    choices={customChoices}
                    onOpenChat={props.onOpenChat}
                  />
                ),
              }
            : {})}
          {...(props.onOpenRun && !inSubagent
            ? {
                runs: (
                  <>
                    {props.onSeveral && (
                      <button
                        type="button"
                        className="small compact"
                        onClick={props.onSeveral}
                        title="Sends the task in the message box to several models at once, each in a chat and a git worktree of its own, to compare."
                      >
                        Run with several models…
                      </button>
                    )}
                    <TaskRuns key={selected} sessionId={selected} onOpen={props.onOpenRun} />
                  </>
                ),
              }
            : {})}
          {...(props.filesRequest ? { showFiles: props.filesRequest.at } : {})}
        />
      </OpenWithContext.Provider>
    </ReconnectsContext.Provider>
  );
}

/** How many replies have ended while this panel was shown (busy going to false). */
function useRepliesEnded(busy: boolean): number {
  const [ended, setEnded] = useState(0);
  const wasBusy = useRef(busy);
  useEffect(() => {
    if (wasBusy.current && !busy) setEnded((n) => n + 1);
    wasBusy.current = busy;
  }, [busy]);
  return ended;
}
