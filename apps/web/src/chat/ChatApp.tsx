// The chat window: a thin composition. Sessions on the left, the conversation and the composer
// on the right, banners for the backend and OpenCode's state. The state lives in hooks
// (useChatData, useConversation, useSender, useChatNavigation, useChatActions); the list, the
// composer and the side panel are their own components (ChatMessages, ChatComposer, ChatSidePanel).
import { type ChatEvent, canStart, isComingUp, isLive } from "@turnkey/contracts";
import { useCallback, useRef, useState } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { ConnectionBanner } from "../shared/ConnectionBanner.tsx";
import { useRereadOnReconnect } from "../shared/reconnects.ts";
import { useBackendEvents, useNow } from "../shared/useBackendEvents.ts";
import "./chat.css";
import { AllowPicker } from "./allow/AllowPicker.tsx";
import { publishProjectAllow, useAllowSetting } from "./allow/useAllowSetting.ts";
import { ChatComposer } from "./ChatComposer.tsx";
import { ChatHeader } from "./ChatHeader.tsx";
import { ChatMessages } from "./ChatMessages.tsx";
import { ChatSidePanel } from "./ChatSidePanel.tsx";
import { FirstRunModel } from "./FirstRunModel.tsx";
import type { FilesRequest } from "./files/FilesPanel.tsx";
import { useFinder } from "./find/FindBar.tsx";
import { HeldMessage } from "./HeldMessage.tsx";
import type { JumpRequest } from "./jumpToMessage.ts";
import { modelForChat } from "./modelChoice.ts";
import { addressChoice } from "./projects/address.ts";
import { ProjectInfo, ProjectPicker } from "./projects/ProjectPicker.tsx";
import { TrustCard } from "./projects/TrustCard.tsx";
import { useProjects } from "./projects/useProjects.ts";
import { useSessionFolder } from "./projects/useSessionFolder.ts";
import { useWaiting } from "./projects/useWaiting.ts";
import { useWaitingElsewhere, WaitingElsewhere } from "./projects/WaitingElsewhere.tsx";
import { errorBesideReplies } from "./replyFailure.ts";
import { SpokenReplyStatus } from "./WorkingLine.tsx";
import "./projects/projects.css";
import { ProviderSetup } from "./ProviderSetup.tsx";
import { ReviewContext } from "./review/reviewContext.ts";
import { SessionList } from "./SessionList.tsx";
import { ShortcutsHelp } from "./ShortcutsHelp.tsx";
import { SidecarBanner } from "./SidecarBanner.tsx";
import { useShortcuts } from "./shortcuts.ts";
import { SubagentBanner } from "./subagents/SubagentBanner.tsx";
import { useSubagentView } from "./subagents/useSubagentView.ts";
import "./subagents/subagents.css";
import { GoalStrip } from "./goals/GoalStrip.tsx";
import { publishGoals } from "./goals/goalsFeed.ts";
import { type Run, staysInBox } from "./multirun/multiRun.ts";
import { useSeveralModels } from "./multirun/useSeveralModels.tsx";
import { publishSchedules } from "./schedules/schedulesFeed.ts";
import { useChatActions } from "./useChatActions.ts";
import { useChatData } from "./useChatData.ts";
import { useChatNavigation } from "./useChatNavigation.ts";
import { useConversation } from "./useConversation.ts";
import { useModelSetting } from "./useModelSetting.ts";
import { useNotifier } from "./useNotifier.ts";
import { usePromptEdit } from "./usePromptEdit.ts";
import { useSender } from "./useSender.ts";
import { useWorkbench } from "./workbench/useWorkbench.ts";
import "./workbench/workbench.css";
import { InlineProblem } from "../shared/InlineProblem.tsx";

/** What the window's event stream keeps current outside the chat's own events. */
const feeds = { onSchedules: publishSchedules, onGoals: publishGoals, onProjectAllow: publishProjectAllow };

export function ChatApp() {
  const [selected, setSelected] = useState<string | null>(() => addressChoice().session);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const [problem, setProblem] = useState<string | null>(null);
  const [showSetup, setShowSetup] = useState(false);
  const [showHelp, setShowHelp] = useState(false);
  const [jump, setJump] = useState<JumpRequest | null>(null);
  // Ctrl+P / Ctrl+Shift+F: the Files tab's search box to focus, until the panel has done it.
  const [filesRequest, setFilesRequest] = useState<FilesRequest | null>(null);
  const askFiles = (box: FilesRequest["box"]) => setFilesRequest((last) => ({ box, at: (last?.at ?? 0) + 1 }));
  const filesRequestDone = useCallback(() => setFilesRequest(null), []);
  const searchRef = useRef<HTMLInputElement>(null);
  const finder = useFinder();

  const chatEvents = useRef<(event: ChatEvent) => void>(() => undefined);
  const onChat = useCallback((event: ChatEvent) => chatEvents.current(event), []);
  const projects = useProjects(setProblem);
  const projectId = projects.current?.id;
  const events = useBackendEvents({ onChat, onProjects: projects.onProjects, ...feeds });
  const { status, connection } = events;
  // A folder just trusted (TrustCard): everything its refusals left empty is read again, as after a reconnect.
  const [trusted, setTrusted] = useState(0);
  const reconnects = events.reconnects + trusted;
  const now = useNow();
  const live = status !== null && isLive(status.state);
  const coming = status !== null && isComingUp(status.state);
  const sidecarPid = live ? (status?.pid ?? null) : null;

  // A stream that opened again after a break: what the gap's events would have told is read again.
  const data = useChatData(sidecarPid, setProblem, projectId, reconnects);
  const modelSetting = useModelSetting(data.models);
  const { setModel, needsModelChoice } = modelSetting;
  const waiting = useWaiting(sidecarPid, data.sessions, reconnects);
  const { conversation, dispatch, onEvent } = useConversation(selected, sidecarPid, setProblem, reconnects);
  const notifier = useNotifier(data.sessions, status);
  const folder = useSessionFolder(projects.choose);
  // A chat in a folder that is no listed project is not in the list: its session is the one read by id.
  const openSession =
    data.sessions.find((s) => s.id === selected) ?? (folder.outside?.id === selected ? folder.outside : null);
  // A new chat is of the project shown; an open one of its own (null: a folder not listed).
  const allow = useAllowSetting(selected, reconnects, selected === null ? projectId : openSession?.projectId);
  const chatModel = modelForChat(conversation, selected, modelSetting.model, data.models);
  const workbench = useWorkbench(openSession, sidecarPid, setProblem, chatModel, projectId);
  useRereadOnReconnect(reconnects, () => {
    void projects.reload();
    workbench.reread();
  });
  chatEvents.current = (event) => {
    onEvent(event);
    data.onSessionEvent(event);
    notifier.onEvent(event);
    workbench.onEvent(event);
    waiting.onEvent(event);
    allow.onEvent(event);
  };

  const outbox = useSender({
    selected,
    // Without the event stream the status shown may be stale: a message waits for the stream.
    live: live && connection === "open",
    projectId,
    workbench,
    adoptAllow: allow.adopt,
    onCreated: (session) => {
      // A held message typed in another project started its chat there: not this list's.
      if (session.projectId !== null && session.projectId !== navigation.projectRef.current) return;
      data.addSession(session);
      if (selectedRef.current === null) setSelected(session.id);
    },
    onProblem: setProblem,
  });
  const navigation = useChatNavigation({
    selected,
    setSelected,
    sessions: data.sessions,
    projects,
    folder,
    onLeave: (id) => {
      outbox.switchTo(id);
      edit.leave();
      finder.dismiss();
      setProblem(null);
    },
  });
  const { select } = navigation;
  const subagent = useSubagentView(selected, select);
  const elsewhere = useWaitingElsewhere({
    waiting,
    selected,
    chats: data.sessions,
    projectId: projectId ?? null,
    projects: projects.projects,
  });
  const actions = useChatActions({
    selected,
    conversation,
    send: outbox.send,
    select,
    addSession: data.addSession,
    onProblem: setProblem,
  });

  const focusComposer = () => document.getElementById("prompt")?.focus();
  const busy = conversation.busy && conversation.sessionID === (selected ?? "");
  const edit = usePromptEdit({
    selected,
    busy,
    canSend: !outbox.sending && outbox.held === null,
    messages: conversation.messages,
    composer: outbox,
    revert: workbench.revert,
    cut: (sessionID, from) => dispatch({ type: "cut", sessionID, from }),
    onProblem: setProblem,
  });
  // While a dialog (shortcuts, providers) holds the window, the keys that act on the window behind it
  // do nothing: a session would change, or a box take the focus, out of sight.
  const several = useSeveralModels({
    models: data.models,
    onOpenRun: (run) => openRun(run),
    onClosed: () => focusComposer(),
  });
  const dialogOpen = showHelp || showSetup || several.isOpen;
  useShortcuts({
    ...(dialogOpen
      ? {}
      : {
          "new-chat": () => {
            select(null);
            focusComposer();
          },
          "focus-composer": focusComposer,
          "previous-session": () => navigation.step(-1),
          "next-session": () => navigation.step(1),
          search: () => searchRef.current?.focus(),
          find: finder.open,
        }),
    // Only where the Files tab is (a live chat, not a subagent's read-only view); else the key is the browser's.
    ...(selected && live && subagent.view === null && !dialogOpen
      ? { "find-file": () => askFiles("name"), "find-in-files": () => askFiles("text") }
      : {}),
    ...(busy ? { stop: actions.stop } : {}),
    help: () => setShowHelp(true),
  });

  const providers = data.providers;
  const needsSetup = providers !== null && providers.connected.length === 0;
  const { start, starting, stop } = actions;
  const openRun = (run: Run) => {
    if (run.sessionId) navigation.open({ project: run.projectId ?? null, session: run.sessionId });
  };

  return (
    <main className="page chat-page">
      <a className="skip-link" href="#prompt">
        Skip to the message box
      </a>
      <ChatHeader
        askNotifications={notifier.permission === "default" ? notifier.enable : null}
        onHelp={() => setShowHelp(true)}
        onProviders={providers ? () => setShowSetup(true) : null}
      />
      <ProjectPicker
        projects={projects.projects}
        current={navigation.outside ? null : projects.current}
        outside={navigation.outside?.directory ?? null}
        onChoose={navigation.chooseProject}
        onOpen={async (path) => navigation.chooseProject((await projects.open(path)).id)}
        onForget={(id) => void projects.forget(id).catch((e) => setProblem(errorMessage(e)))}
      />
      <ConnectionBanner connection={connection} />
      <SidecarBanner
        status={status}
        now={now}
        hasSessions={data.sessions.length > 0}
        onStart={start}
        starting={starting}
      />
      <WaitingElsewhere
        lines={elsewhere.lines}
        onOpen={(line) => navigation.open({ project: line.projectId, session: line.sessionID })}
        onDismiss={elsewhere.dismiss}
      />
      <SpokenReplyStatus busy={busy} conversation={conversation} />
      {/* A subagent's chat is read-only: its diffs take no comments (they would go to no message). */}
      <ReviewContext.Provider value={subagent.view ? null : outbox.review}>
        <div className={selected ? "chat-layout with-panel" : "chat-layout"}>
          <SessionList
            sessions={data.sessions}
            selected={selected}
            readOnly={!live}
            now={now}
            searchRef={searchRef}
            waiting={waiting.waitingSessions}
            onSelect={select}
            onNew={() => select(null)}
            onRename={(id, title) => api.renameSession(id, title).catch((e) => setProblem(errorMessage(e)))}
            onDelete={(id) => {
              api.deleteSession(id).then(
                () => {
                  data.removeSession(id);
                  if (id === selected) select(null);
                },
                (e) => setProblem(errorMessage(e)),
              );
            }}
          />
          <section className="conversation" aria-label="Conversation">
            <TrustCard
              projectId={navigation.outside ? null : (projectId ?? null)}
              recheck={problem}
              onTrusted={() => {
                setProblem(null);
                setTrusted((n) => n + 1);
              }}
            />
            {(needsSetup || showSetup) && providers && (
              <ProviderSetup
                providers={providers}
                onChanged={(next) => {
                  data.setProviders(next);
                  void data.reloadModels();
                  workbench.reloadCatalog();
                }}
                {...(needsSetup ? {} : { onClose: () => setShowSetup(false) })}
              />
            )}
            {needsModelChoice && data.models && !needsSetup && (
              <FirstRunModel models={data.models} onChoose={setModel} />
            )}
            <ChatMessages
              selected={selected}
              conversation={conversation}
              workbench={workbench}
              waiting={waiting}
              subagent={subagent}
              actions={actions}
              edit={edit}
              live={live}
              folderUnknown={folder.unknown !== null}
              finder={finder}
              jump={jump}
              onProblem={setProblem}
            />
            {errorBesideReplies(conversation.error, conversation.messages) && (
              <p className="inline-error" role="alert">
                {conversation.error?.message}{" "}
                <button type="button" className="linkish" onClick={() => dispatch({ type: "dismiss_error" })}>
                  Dismiss
                </button>
              </p>
            )}
            <InlineProblem text={problem} />
            {outbox.held && (
              <HeldMessage
                held={outbox.held}
                onCancel={outbox.cancelHeld}
                notRunning={status && !live && !coming ? status.state : null}
                disconnected={connection !== "open"}
                {...(status && canStart(status.state) ? { onStart: start, starting } : {})}
              />
            )}
            <ProjectInfo
              project={projects.current}
              outside={navigation.outside?.directory ?? null}
              unknown={folder.unknown}
              aside={!subagent.view && <AllowPicker allow={allow} chatID={selected} />}
            />
            {subagent.view && (
              <SubagentBanner
                title={subagent.view.title ?? "A subagent's task"}
                parentTitle={data.sessions.find((s) => s.id === subagent.view?.parentID)?.title ?? null}
                running={busy}
                onBack={subagent.back}
              />
            )}
            {!subagent.view && selected && (
              <GoalStrip key={`goal-${selected}`} sessionID={selected} reconnects={reconnects} />
            )}
            {!subagent.view && (
              <ChatComposer
                selected={selected}
                messages={conversation.messages}
                outbox={outbox}
                edit={edit}
                workbench={workbench}
                models={data.models}
                modelSetting={modelSetting}
                busy={busy}
                openCodeUp={status === null || live || coming}
                onStop={stop}
                dispatch={dispatch}
                onProviders={() => setShowSetup(true)}
              />
            )}
          </section>
          {selected && (
            <ChatSidePanel
              selected={selected}
              openSession={openSession}
              conversation={conversation}
              workbench={workbench}
              outbox={outbox}
              busy={busy}
              live={live}
              coming={coming}
              inSubagent={subagent.view !== null}
              onJump={(messageID) => setJump({ messageID })}
              focusComposer={focusComposer}
              reconnects={reconnects}
              filesRequest={filesRequest}
              onFilesRequestDone={filesRequestDone}
              onOpenFolder={async (path) => navigation.chooseProject((await projects.open(path)).id)}
              onOpenRun={openRun}
              onOpenChat={(project, session) => navigation.open({ project, session })}
              {...(live && openSession && !edit.editing && !subagent.view
                ? {
                    onSeveral: () =>
                      several.open({
                        sessionId: selected,
                        directory: openSession.directory,
                        agent: workbench.agent,
                        model: workbench.model
                          ? `${workbench.model.providerID}/${workbench.model.modelID}`
                          : modelSetting.model,
                        staysInBox: staysInBox(outbox.attachments.length, outbox.review.comments.length),
                      }),
                  }
                : {})}
            />
          )}
        </div>
      </ReviewContext.Provider>
      {showHelp && <ShortcutsHelp onClose={() => setShowHelp(false)} />}
      {several.dialog}
    </main>
  );
}
