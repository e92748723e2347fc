// The chat window: a thin composition. Sessions on the left, the conversation and the composer
// on the right, banners for the backend and OpenCode's state. The state lives in hooks
// (useChatData, useConversation, useSender, useChatNavigation, useChatActions); features add
// their components here.
import { type ChatEvent, canStart, isComingUp, isLive } from "@turnkey/contracts";
import { useCallback, useMemo, useRef, useState } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { ConnectionBanner } from "../shared/ConnectionBanner.tsx";
import { useBackendEvents, useNow } from "../shared/useBackendEvents.ts";
import "./chat.css";
import { ChatHeader } from "./ChatHeader.tsx";
import { Composer } from "./Composer.tsx";
import { messageText } from "./conversation.ts";
import { EditingBar } from "./EditingBar.tsx";
import { exportChat } from "./export/exportChat.ts";
import { FirstRunModel } from "./FirstRunModel.tsx";
import { useFinder } from "./find/FindBar.tsx";
import { HeldMessage } from "./HeldMessage.tsx";
import type { JumpRequest } from "./jumpToMessage.ts";
import { MessageList } from "./MessageList.tsx";
import { parseModel } from "./modelChoice.ts";
import { addressChoice } from "./projects/address.ts";
import { ProjectInfo, ProjectPicker } from "./projects/ProjectPicker.tsx";
import { useProjects } from "./projects/useProjects.ts";
import { useSessionFolder } from "./projects/useSessionFolder.ts";
import { useWaiting } from "./projects/useWaiting.ts";
import { WaitingCard } from "./projects/WaitingCard.tsx";
import { useWaitingElsewhere, WaitingElsewhere } from "./projects/WaitingElsewhere.tsx";
import "./projects/projects.css";
import { ProviderSetup } from "./ProviderSetup.tsx";
import { SessionList } from "./SessionList.tsx";
import { ShortcutsHelp } from "./ShortcutsHelp.tsx";
import { SidecarBanner } from "./SidecarBanner.tsx";
import { useShortcuts } from "./shortcuts.ts";
import { OpenSubagentContext, subagentTitle } from "./subagents/openSubagent.ts";
import { SubagentBanner } from "./subagents/SubagentBanner.tsx";
import { useSubagentView } from "./subagents/useSubagentView.ts";
import "./subagents/subagents.css";
import { FilesPanel } from "./files/FilesPanel.tsx";
import { withMention } from "./files/language.ts";
import { sessionFiles } from "./files/source.ts";
import { TerminalPanel } from "./terminal/TerminalPanel.tsx";
import { useChatActions } from "./useChatActions.ts";
import { useChatData } from "./useChatData.ts";
import { useChatNavigation } from "./useChatNavigation.ts";
import { useConversation } from "./useConversation.ts";
import { useModelSetting } from "./useModelSetting.ts";
import { useNotifier } from "./useNotifier.ts";
import { usePromptEdit } from "./usePromptEdit.ts";
import { useSender } from "./useSender.ts";
import { WorkbenchPickers } from "./WorkbenchPickers.tsx";
import { SessionPanel } from "./workbench/SessionPanel.tsx";
import { useWorkbench } from "./workbench/useWorkbench.ts";
import { visibleMessages } from "./workbench/workbenchState.ts";
import "./workbench/workbench.css";

export function ChatApp() {
  const [selected, setSelected] = useState<string | null>(() => addressChoice().session);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const [problem, setProblem] = useState<string | null>(null);
  const [showSetup, setShowSetup] = useState(false);
  const [showHelp, setShowHelp] = useState(false);
  const [jump, setJump] = useState<JumpRequest | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const finder = useFinder();

  const chatEvents = useRef<(event: ChatEvent) => void>(() => undefined);
  const onChat = useCallback((event: ChatEvent) => chatEvents.current(event), []);
  const projects = useProjects(setProblem);
  const projectId = projects.current?.id;
  const { status, connection, reconnects } = useBackendEvents({ onChat, onProjects: projects.onProjects });
  const now = useNow();
  const live = status !== null && isLive(status.state);
  const coming = status !== null && isComingUp(status.state);
  const sidecarPid = live ? (status?.pid ?? null) : null;

  const data = useChatData(sidecarPid, setProblem, projectId);
  const { model, setModel, needsModelChoice } = useModelSetting(data.models);
  const waiting = useWaiting(sidecarPid, data.sessions);
  const { conversation, dispatch, onEvent } = useConversation(selected, sidecarPid, setProblem, reconnects);
  const notifier = useNotifier(data.sessions, status);
  const folder = useSessionFolder(projects.choose);
  // A chat in a folder that is no listed project is not in the list: its session is the one read by id.
  const openSession =
    data.sessions.find((s) => s.id === selected) ?? (folder.outside?.id === selected ? folder.outside : null);
  const workbench = useWorkbench(openSession, sidecarPid, setProblem, parseModel(model), projectId);
  chatEvents.current = (event) => {
    onEvent(event);
    data.onSessionEvent(event);
    notifier.onEvent(event);
    workbench.onEvent(event);
    waiting.onEvent(event);
  };
  const findFiles = useCallback(
    (query: string) => (selected ? api.findFiles(selected, query) : Promise.resolve([])),
    [selected],
  );

  const outbox = useSender({
    selected,
    live,
    projectId,
    workbench,
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
  const fileSource = useMemo(() => (selected ? sessionFiles(selected) : null), [selected]);
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
  useShortcuts({
    "new-chat": () => {
      select(null);
      focusComposer();
    },
    "focus-composer": focusComposer,
    "previous-session": () => navigation.step(-1),
    "next-session": () => navigation.step(1),
    search: () => searchRef.current?.focus(),
    find: finder.open,
    ...(busy ? { stop: actions.stop } : {}),
    help: () => setShowHelp(true),
  });

  // Recalled with ↑; a long session has a thousand prompts, so not read again on every keystroke.
  const history = useMemo(
    () => conversation.messages.filter((m) => m.role === "user").map(messageText),
    [conversation.messages],
  );
  const providers = data.providers;
  const needsSetup = providers !== null && providers.connected.length === 0;
  const { start, starting, stop } = actions;

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
      <p className="sr-only" role="status">
        {busy ? "OpenCode is replying." : conversation.error ? `The reply failed: ${conversation.error.message}` : ""}
      </p>
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
          {(needsSetup || showSetup) && providers && (
            <ProviderSetup
              providers={providers}
              onConnect={async (id, key) => {
                data.setProviders(await api.setProviderKey(id, key));
                setShowSetup(false);
                void data.reloadModels();
              }}
              {...(needsSetup ? {} : { onClose: () => setShowSetup(false) })}
            />
          )}
          {needsModelChoice && data.models && !needsSetup && <FirstRunModel models={data.models} onChoose={setModel} />}
          <OpenSubagentContext.Provider value={subagent.open}>
            <MessageList
              conversation={{
                ...conversation,
                messages: visibleMessages(conversation.messages, workbench.state.revert),
                // Permissions show in the waiting card with the questions (one list, from the backend).
                permissions: [],
                busy: conversation.busy && !(selected && waiting.waitingSessions.has(selected)),
              }}
              readOnly={!live || subagent.view !== null}
              finder={finder}
              jumpTo={jump}
              actions={{
                onRetry: (id) => actions.resend(id, "retry"),
                onResume: (id) => actions.resend(id, "resume"),
                onBranch: actions.branch,
                onEdit: edit.start,
              }}
              onPermission={(id, response) => {
                if (selected) api.replyPermission(selected, id, response).catch((e) => setProblem(errorMessage(e)));
              }}
            >
              {selected && !folder.unknown && (
                <WaitingCard
                  chatID={selected}
                  pending={waiting.bySession.get(selected) ?? []}
                  onPermission={(request, response) =>
                    void api
                      .replyPermission(request.sessionID, request.id, response)
                      .catch((e) => setProblem(errorMessage(e)))
                  }
                  onAnswer={async (request, answers) => {
                    await api.replyQuestion(request.sessionID, request.id, answers);
                  }}
                  onDismiss={async (request) => {
                    await api.rejectQuestion(request.sessionID, request.id);
                  }}
                  onOpenSubagent={(id) => subagent.open(id, subagentTitle(conversation.messages, id))}
                />
              )}
            </MessageList>
          </OpenSubagentContext.Provider>
          {conversation.error && (
            <p className="inline-error" role="alert">
              {conversation.error.message}{" "}
              <button type="button" className="linkish" onClick={() => dispatch({ type: "dismiss_error" })}>
                Dismiss
              </button>
            </p>
          )}
          {problem && (
            <p className="inline-error" role="alert">
              {problem}
            </p>
          )}
          {outbox.held && (
            <HeldMessage
              held={outbox.held}
              onCancel={outbox.cancelHeld}
              notRunning={status && !live && !coming ? status.state : null}
              {...(status && canStart(status.state) ? { onStart: start, starting } : {})}
            />
          )}
          <ProjectInfo
            project={projects.current}
            outside={navigation.outside?.directory ?? null}
            unknown={folder.unknown}
          />
          {subagent.view && (
            <SubagentBanner
              title={subagent.view.title}
              parentTitle={data.sessions.find((s) => s.id === subagent.view?.parentID)?.title ?? null}
              running={busy}
              onBack={subagent.back}
            />
          )}
          {!subagent.view && edit.editing && (
            <EditingBar keptDraft={edit.editing.aside.draft !== ""} sending={edit.sending} onCancel={edit.cancel} />
          )}
          {!subagent.view && (
            <Composer
              draft={outbox.draft}
              onDraft={outbox.setDraft}
              onSend={() => {
                if (edit.editing) void edit.send();
                else if (!needsModelChoice && outbox.sendDraft() && selected && workbench.state.revert)
                  // opencode drops undone turns when the next prompt comes; so does the list.
                  dispatch({ type: "cut", sessionID: selected, from: workbench.state.revert.messageID });
              }}
              onStop={stop}
              busy={busy}
              sending={outbox.sending}
              canSend={!needsModelChoice && outbox.held === null}
              models={data.models}
              model={model}
              onModel={setModel}
              pickers={
                workbench.catalog && (
                  <WorkbenchPickers
                    workbench={workbench}
                    onModel={(ref) => setModel(`${ref.providerID}/${ref.modelID}`)}
                  />
                )
              }
              attachments={outbox.attachments}
              onAttach={outbox.attach}
              onRemoveAttachment={outbox.removeAttachment}
              suggestions={{ commands: workbench.catalog?.commands ?? [], findFiles: selected ? findFiles : null }}
              history={history}
            />
          )}
        </section>
        {selected && (
          <SessionPanel
            messages={conversation.sessionID === selected ? conversation.messages : []}
            state={workbench.state}
            contextLimit={workbench.modelInfo?.contextLimit ?? null}
            busy={busy}
            onRevert={(id) => void workbench.revert(id)}
            onUnrevert={() => void workbench.unrevert()}
            {...(live ? { onCompact: () => void workbench.compact() } : {})}
            onJump={(messageID) => setJump({ messageID })}
            onExport={() => {
              if (openSession) exportChat(openSession, visibleMessages(conversation.messages, workbench.state.revert));
            }}
            files={
              fileSource &&
              live &&
              !subagent.view && (
                <FilesPanel
                  key={selected}
                  source={fileSource}
                  refreshKey={busy ? "replying" : conversation.messages.length}
                  onMention={(path) => {
                    outbox.setDraft(withMention(outbox.draft, path));
                    focusComposer();
                  }}
                />
              )
            }
            terminal={
              !subagent.view && <TerminalPanel key={selected} sessionID={selected} live={live} coming={coming} />
            }
            liveSession={live && !subagent.view ? selected : null}
          />
        )}
      </div>
      {showHelp && <ShortcutsHelp onClose={() => setShowHelp(false)} />}
    </main>
  );
}
