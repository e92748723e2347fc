// The chat window: a thin composition. Sessions on the left, the conversation and the composer
// on the right, banners for the backend and OpenCode's state. The state lives in hooks
// (useChatData, useConversation, useSender); features add their components here.
import { type ChatEvent, canStart, isComingUp, isLive } from "@turnkey/contracts";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { ConnectionBanner } from "../shared/ConnectionBanner.tsx";
import { ThemePicker } from "../shared/ThemePicker.tsx";
import { useBackendEvents, useNow } from "../shared/useBackendEvents.ts";
import { stateView } from "../status/stateView.ts";
import "./chat.css";
import { Composer } from "./Composer.tsx";
import { branchCut, messageText, promptOfTurn } from "./conversation.ts";
import { FirstRunModel } from "./FirstRunModel.tsx";
import { useFinder } from "./find/FindBar.tsx";
import { HeldMessage } from "./HeldMessage.tsx";
import { MessageList } from "./MessageList.tsx";
import { loadModelChoice, parseModel, saveModelChoice } from "./modelChoice.ts";
import { addressChoice, useAddressOpens, useAddressShows } from "./projects/address.ts";
import { ProjectInfo, ProjectPicker } from "./projects/ProjectPicker.tsx";
import { useProjects } from "./projects/useProjects.ts";
import { useWaiting } from "./projects/useWaiting.ts";
import { WaitingCard } from "./projects/WaitingCard.tsx";
import "./projects/projects.css";
import { ProviderSetup } from "./ProviderSetup.tsx";
import { SessionList } from "./SessionList.tsx";
import { ShortcutsHelp } from "./ShortcutsHelp.tsx";
import { orderSessions } from "./sessionOrder.ts";
import { useShortcuts } from "./shortcuts.ts";
import { useChatData } from "./useChatData.ts";
import { useConversation } from "./useConversation.ts";
import { useNotifier } from "./useNotifier.ts";
import { useSender } from "./useSender.ts";
import { AgentPicker } from "./workbench/AgentPicker.tsx";
import { ModelPicker } from "./workbench/ModelPicker.tsx";
import { SessionPanel } from "./workbench/SessionPanel.tsx";
import { useWorkbench } from "./workbench/useWorkbench.ts";
import { visibleMessages } from "./workbench/workbenchState.ts";
import "./workbench/workbench.css";

export function ChatApp() {
  const [selected, setSelected] = useState<string | null>(() => addressChoice().session);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const [problem, setProblem] = useState<string | null>(null);
  // The model for new chats, as the user chose it ("provider/model"); sessions may pick their own.
  const [model, setModelState] = useState(loadModelChoice);
  const setModel = useCallback((next: string) => {
    setModelState(next);
    saveModelChoice(next);
  }, []);
  const [showSetup, setShowSetup] = useState(false);
  const [starting, setStarting] = useState(false);
  const [showHelp, setShowHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const finder = useFinder();

  const chatEvents = useRef<(event: ChatEvent) => void>(() => undefined);
  const onChat = useCallback((event: ChatEvent) => chatEvents.current(event), []);
  const projects = useProjects(setProblem);
  const projectId = projects.current?.id;
  const projectRef = useRef(projectId);
  projectRef.current = projectId;
  const { status, connection } = useBackendEvents({ onChat, onProjects: projects.onProjects });
  const now = useNow();
  const live = status !== null && isLive(status.state);
  const coming = status !== null && isComingUp(status.state);
  const sidecarPid = live ? (status?.pid ?? null) : null;

  const data = useChatData(sidecarPid, setProblem, projectId);
  const waiting = useWaiting(sidecarPid);
  const { conversation, dispatch, onEvent } = useConversation(selected, sidecarPid, setProblem);
  const notifier = useNotifier(data.sessions, status);
  const workbench = useWorkbench(
    data.sessions.find((s) => s.id === selected) ?? null,
    sidecarPid,
    setProblem,
    parseModel(model),
    projectId,
  );
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
  // A model named in opencode's config was chosen on purpose; a provider's default was not, so
  // the first run asks (and says where the code will go) instead of using it silently.
  const configuredDefault = data.models?.configured && data.models.default;
  useEffect(() => {
    if (!model && configuredDefault) setModelState(`${configuredDefault.providerID}/${configuredDefault.modelID}`);
  }, [configuredDefault, model]);
  const needsModelChoice = !model && data.models !== null && !data.models.configured;

  const outbox = useSender({
    selected,
    live,
    projectId,
    workbench,
    onCreated: (session) => {
      // A held message typed in another project started its chat there: not this list's.
      if (session.projectId !== null && session.projectId !== projectRef.current) return;
      data.addSession(session);
      if (selectedRef.current === null) setSelected(session.id);
    },
    onProblem: setProblem,
  });

  const select = (id: string | null) => {
    if (id === selected) return; // the open conversation stays as it is
    setSelected(id);
    outbox.switchTo(id);
    finder.dismiss();
    setProblem(null);
  };

  const chooseProject = (id: string) => {
    projects.choose(id);
    select(null);
  };

  // The tray's notification or recent project, while this window is open: switch here, no reload.
  // A project named without a session opens a new chat there: the other project's stays behind.
  useAddressOpens((choice) => {
    if (choice.project && choice.project !== projectRef.current) {
      if (choice.session) projects.choose(choice.project);
      else chooseProject(choice.project);
    }
    if (choice.session) select(choice.session);
  });
  useAddressShows(projectId, selected);

  const resend = (messageID: string, kind: "retry" | "resume") => {
    const prompt = promptOfTurn(conversation, messageID);
    const cut = conversation.messages.find((m) => m.id === messageID);
    const hasReply = cut?.role === "assistant" && cut.parts.some((p) => p.type !== "other");
    if (kind === "resume" && hasReply)
      outbox.send("Your previous reply was cut off by a restart. Continue where you stopped.");
    else if (prompt) outbox.send(prompt);
  };

  const branch = (replyID: string) => {
    if (!selected) return;
    const cut = branchCut(conversation.messages, replyID);
    if (!cut) return setProblem("That reply is no longer in this chat. Open the chat again and branch from it there.");
    api.fork(selected, cut.before).then(
      (session) => {
        data.addSession(session);
        select(session.id);
      },
      (e) => setProblem(errorMessage(e)),
    );
  };

  const stop = () => {
    if (selected) api.abort(selected).catch((e) => setProblem(errorMessage(e)));
  };

  const start = async () => {
    setStarting(true);
    try {
      await api.start();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setStarting(false);
    }
  };

  const step = (by: number) => {
    const ordered = orderSessions(data.sessions, "");
    const index = ordered.findIndex((s) => s.id === selected);
    const next = ordered[index === -1 ? 0 : Math.max(0, Math.min(ordered.length - 1, index + by))];
    if (next) select(next.id);
  };
  const focusComposer = () => document.getElementById("prompt")?.focus();
  const busy = conversation.busy && conversation.sessionID === (selected ?? "");
  useShortcuts({
    "new-chat": () => {
      select(null);
      focusComposer();
    },
    "focus-composer": focusComposer,
    "previous-session": () => step(-1),
    "next-session": () => step(1),
    search: () => searchRef.current?.focus(),
    find: finder.open,
    ...(busy ? { stop } : {}),
    help: () => setShowHelp(true),
  });

  // Recalled with ↑; a long session has a thousand prompts, so not read again on every keystroke.
  const history = useMemo(
    () => conversation.messages.filter((m) => m.role === "user").map(messageText),
    [conversation.messages],
  );
  const providers = data.providers;
  const needsSetup = providers !== null && providers.connected.length === 0;
  const view = status ? stateView(status, now) : null;

  return (
    <main className="page chat-page">
      <a className="skip-link" href="#prompt">
        Skip to the message box
      </a>
      <header className="page-head">
        <h1>Chat</h1>
        <nav aria-label="Window">
          {notifier.permission === "default" && (
            <button type="button" className="linkish" onClick={notifier.enable}>
              Turn on notifications
            </button>
          )}
          <button type="button" className="linkish" onClick={() => setShowHelp(true)} aria-keyshortcuts="?">
            Shortcuts
          </button>
          <ThemePicker />
          <button type="button" className="linkish" onClick={() => setShowSetup(true)} disabled={!providers}>
            Providers
          </button>
          <a href="/">Status</a>
        </nav>
      </header>
      <ProjectPicker
        projects={projects.projects}
        current={projects.current}
        onChoose={chooseProject}
        onOpen={async (path) => chooseProject((await projects.open(path)).id)}
        onForget={(id) => void projects.forget(id).catch((e) => setProblem(errorMessage(e)))}
      />
      <ConnectionBanner connection={connection} />
      {status && !live && view && (
        <div className="banner banner-warn" role="alert">
          <span>
            <strong>{view.label}.</strong> {view.sentence}{" "}
            {data.sessions.length > 0 && "Until it runs, these are the last known sessions and messages, read-only."} A
            message you send now waits until it runs.
          </span>
          {canStart(status.state) && (
            <button type="button" className="primary small" onClick={start} disabled={starting}>
              {starting ? "Starting…" : "Start"}
            </button>
          )}
        </div>
      )}
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
          <MessageList
            conversation={{
              ...conversation,
              messages: visibleMessages(conversation.messages, workbench.state.revert),
              // Permissions show in the waiting card with the questions (one list, from the backend).
              permissions: [],
              busy: conversation.busy && !(selected && waiting.waitingSessions.has(selected)),
            }}
            readOnly={!live}
            finder={finder}
            actions={{ onRetry: (id) => resend(id, "retry"), onResume: (id) => resend(id, "resume"), onBranch: branch }}
            onPermission={(id, response) => {
              if (selected) api.replyPermission(selected, id, response).catch((e) => setProblem(errorMessage(e)));
            }}
          >
            {selected && (
              <WaitingCard
                pending={waiting.bySession.get(selected) ?? []}
                onPermission={(id, response) =>
                  void api.replyPermission(selected, id, response).catch((e) => setProblem(errorMessage(e)))
                }
                onAnswer={async (id, answers) => {
                  await api.replyQuestion(selected, id, answers);
                }}
                onDismiss={async (id) => {
                  await api.rejectQuestion(selected, id);
                }}
              />
            )}
          </MessageList>
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
          <ProjectInfo project={projects.current} />
          <Composer
            draft={outbox.draft}
            onDraft={outbox.setDraft}
            onSend={() => {
              if (!needsModelChoice) outbox.sendDraft();
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
                <span className="pickers">
                  <AgentPicker
                    agents={workbench.catalog.agents}
                    value={workbench.agent ?? ""}
                    onChange={workbench.setAgent}
                  />
                  <ModelPicker
                    providers={workbench.catalog.providers}
                    value={workbench.model}
                    variant={workbench.variant}
                    onChange={(ref) => {
                      workbench.setModel(ref);
                      setModel(`${ref.providerID}/${ref.modelID}`);
                    }}
                    onVariant={workbench.setVariant}
                  />
                </span>
              )
            }
            attachments={outbox.attachments}
            onAttach={outbox.attach}
            onRemoveAttachment={outbox.removeAttachment}
            suggestions={{ commands: workbench.catalog?.commands ?? [], findFiles: selected ? findFiles : null }}
            history={history}
          />
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
          />
        )}
      </div>
      {showHelp && <ShortcutsHelp onClose={() => setShowHelp(false)} />}
    </main>
  );
}
