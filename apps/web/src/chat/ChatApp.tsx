// The chat window: sessions on the left, the conversation and the composer on the right, a
// banner with a Start button while OpenCode is not running, and provider set-up when needed.
import {
  type ChatEvent,
  type ChatSession,
  canStart,
  isLive,
  type ModelsResponse,
  type ProvidersResponse,
} from "@turnkey/contracts";
import { useCallback, useEffect, useReducer, useState } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { ConnectionBanner } from "../shared/ConnectionBanner.tsx";
import { useBackendEvents, useNow } from "../shared/useBackendEvents.ts";
import { stateView } from "../status/stateView.ts";
import { Composer } from "./Composer.tsx";
import { conversationReducer, emptyConversation } from "./conversation.ts";
import { loadDraft, saveDraft } from "./drafts.ts";
import { MessageList } from "./MessageList.tsx";
import { ProviderSetup } from "./ProviderSetup.tsx";
import { SessionList } from "./SessionList.tsx";

export function ChatApp() {
  const [sessions, setSessions] = useState<ChatSession[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [conversation, dispatch] = useReducer(conversationReducer, emptyConversation(""));
  const [draft, setDraft] = useState(() => loadDraft(null));
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [models, setModels] = useState<ModelsResponse | null>(null);
  const [model, setModel] = useState("");
  const [providers, setProviders] = useState<ProvidersResponse | null>(null);
  const [showSetup, setShowSetup] = useState(false);
  const [starting, setStarting] = useState(false);

  const onChat = useCallback((event: ChatEvent) => {
    dispatch({ type: "event", event });
    if (event.type === "session.updated") {
      setSessions((all) => {
        const others = all.filter((s) => s.id !== event.session.id);
        return all.some((s) => s.id === event.session.id)
          ? all.map((s) => (s.id === event.session.id ? event.session : s))
          : [event.session, ...others];
      });
    } else if (event.type === "session.deleted") {
      setSessions((all) => all.filter((s) => s.id !== event.sessionID));
    }
  }, []);
  const { status, connection } = useBackendEvents({ onChat });
  const now = useNow();
  const live = status !== null && isLive(status.state);

  // Whenever a sidecar (re)appears, load what it knows; a new pid is a new sidecar.
  const sidecarPid = live ? (status?.pid ?? null) : null;
  useEffect(() => {
    if (sidecarPid === null) return;
    api.sessions().then(setSessions, (e) => setProblem(errorMessage(e)));
    api.models().then(
      (m) => {
        setModels(m);
        setModel((current) => current || (m.default ? `${m.default.providerID}/${m.default.modelID}` : ""));
      },
      () => undefined,
    );
    api.providers().then(setProviders, () => undefined);
  }, [sidecarPid]);

  useEffect(() => {
    if (!selected || !live) return;
    api.messages(selected).then(
      (messages) => dispatch({ type: "loaded", sessionID: selected, messages }),
      (e) => setProblem(errorMessage(e)),
    );
  }, [selected, live]);

  const select = (id: string | null) => {
    setSelected(id);
    setDraft(loadDraft(id));
    setProblem(null);
    dispatch({ type: "loaded", sessionID: id ?? "", messages: [] });
  };

  const updateDraft = (text: string) => {
    setDraft(text);
    saveDraft(selected, text);
  };

  const send = async () => {
    const text = draft;
    if (text.trim() === "" || sending) return;
    setSending(true);
    setProblem(null);
    try {
      let sessionID = selected;
      if (!sessionID) {
        const { session } = await api.createSession();
        sessionID = session.id;
        setSessions((all) => [session, ...all.filter((s) => s.id !== session.id)]);
        setSelected(session.id);
        saveDraft(null, "");
        dispatch({ type: "loaded", sessionID: session.id, messages: [] });
      }
      const [providerID, ...rest] = model.split("/");
      await api.send(sessionID, text, providerID && rest.length ? { providerID, modelID: rest.join("/") } : undefined);
      setDraft("");
      saveDraft(sessionID, "");
    } catch (error) {
      setProblem(`${errorMessage(error)} Your message is still in the box.`);
    } finally {
      setSending(false);
    }
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

  const needsSetup = providers !== null && providers.connected.length === 0;

  return (
    <main className="page chat-page">
      <header className="page-head">
        <h1>Chat</h1>
        <nav>
          <button type="button" className="linkish" onClick={() => setShowSetup(true)} disabled={!providers}>
            Providers
          </button>
          <a href="/">Status</a>
        </nav>
      </header>
      <ConnectionBanner connection={connection} />
      {status && !live && (
        <div className="banner banner-warn" role="alert">
          <span>
            <strong>{stateView(status, now).label}.</strong> {stateView(status, now).sentence}
          </span>
          {canStart(status.state) && (
            <button type="button" className="primary small" onClick={start} disabled={starting}>
              {starting ? "Starting…" : "Start"}
            </button>
          )}
        </div>
      )}
      <div className="chat-layout">
        <SessionList
          sessions={sessions}
          selected={selected}
          disabled={!live}
          onSelect={select}
          onNew={() => select(null)}
          onRename={(id, title) => api.renameSession(id, title).catch((e) => setProblem(errorMessage(e)))}
          onDelete={(id) => {
            api.deleteSession(id).then(
              () => {
                setSessions((all) => all.filter((s) => s.id !== id));
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
                setProviders(await api.setProviderKey(id, key));
                setShowSetup(false);
                api.models().then(setModels, () => undefined);
              }}
              {...(needsSetup ? {} : { onClose: () => setShowSetup(false) })}
            />
          )}
          <MessageList
            conversation={conversation}
            onPermission={(id, response) => {
              if (selected) api.replyPermission(selected, id, response).catch((e) => setProblem(errorMessage(e)));
            }}
          />
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
          <Composer
            draft={draft}
            onDraft={updateDraft}
            onSend={send}
            onStop={stop}
            busy={conversation.busy && conversation.sessionID === selected}
            sending={sending}
            canSend={live}
            models={models}
            model={model}
            onModel={setModel}
          />
        </section>
      </div>
    </main>
  );
}
