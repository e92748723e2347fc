// The open chat's allow setting (contracts' allow.ts): read when the chat opens and after a
// reconnect, followed by `allow` events (another window changed it or its project's level, or the
// backend answered a request), and changed with a PUT. Until it is read the picker says so rather
// than "Ask first" (the chat may allow more: review 29, L2), and a read that started before a
// change of this window's is not shown over it (L3). Before a new chat exists, the choice waits in
// `draft` (following the project, unless changed) and is set by `adopt` as soon as the chat is made,
// before its first prompt goes. The project's level is set for the project the chat is of: the
// open chat follows it from then on, and so does a new chat. Another window's change of the
// project's level reaches a chat not made yet by the `projectAllow` event (a made chat hears of it
// in its own `allow` event).
import type { AllowChoice, AllowLevel, AllowSetting, ChatEvent, ProjectAllowEvent } from "@turnkey/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { useRereadOnReconnect } from "../../shared/reconnects.ts";
import { levelLabel } from "./allowChoices.ts";

const projectLevelListeners = new Set<(event: ProjectAllowEvent) => void>();
/** The window's event stream hands each `projectAllow` event here (ChatApp). */
export function publishProjectAllow(event: ProjectAllowEvent): void {
  for (const listener of projectLevelListeners) listener(event);
}

/** What the picker chose: this chat's own choice, or the level of the project it is of. */
export type AllowPick = { chat: AllowChoice } | { project: AllowLevel };

/** `project`: the project the open chat (or a new one) is of; none for a folder not listed. */
export function useAllowSetting(sessionID: string | null, reconnects: number, project: string | null | undefined) {
  const projectId = project ?? null;
  const [shown, setShown] = useState<{ sessionID: string; setting: AllowSetting } | null>(null);
  const [draft, setDraft] = useState<AllowChoice>("project");
  /** The project's level, read for a chat not made yet (a made chat's setting carries it); null: it could not be read. */
  const [projectShown, setProjectShown] = useState<{ projectId: string; level: AllowLevel | null } | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const current = useRef(sessionID);
  current.current = sessionID;
  const currentProject = useRef(projectId);
  currentProject.current = projectId;
  /** This window's changes, under way and ended: a read that overlapped one may be older than it. */
  const writes = useRef({ running: 0, ended: 0 });
  /** Project levels heard of from the event stream, by project: a read of one that overlapped one may be older. */
  const projectNews = useRef(new Map<string, number>());

  const read = useCallback((id: string | null) => {
    setProblem(null);
    if (id === null) return;
    const ended = writes.current.ended;
    api.allowSetting(id).then(
      (setting) => {
        const fresh = writes.current.running === 0 && writes.current.ended === ended;
        if (current.current === id && fresh) setShown({ sessionID: id, setting });
      },
      (error: unknown) =>
        current.current === id && setProblem(`Could not read what this chat allows: ${errorMessage(error)}`),
    );
  }, []);
  const readProject = useCallback((id: string | null) => {
    if (id === null) return;
    const ended = writes.current.ended;
    const news = projectNews.current.get(id) ?? 0;
    // Not shown over a change of this window's (review 31, L2), or another's heard of, that it overlapped.
    const fresh = () =>
      currentProject.current === id &&
      writes.current.running === 0 &&
      writes.current.ended === ended &&
      (projectNews.current.get(id) ?? 0) === news;
    api.projectAllow(id).then(
      (setting) => fresh() && setProjectShown({ projectId: id, level: setting.level }),
      (error: unknown) => {
        if (!fresh()) return;
        // The picker still works: a level of the chat's own can be chosen (review 31, L3).
        setProjectShown({ projectId: id, level: null });
        setProblem(`Could not read what this project's chats allow: ${errorMessage(error)}`);
      },
    );
  }, []);
  useEffect(() => read(sessionID), [sessionID, read]);
  useEffect(() => {
    const listener = (event: ProjectAllowEvent) => {
      projectNews.current.set(event.projectId, (projectNews.current.get(event.projectId) ?? 0) + 1);
      if (event.projectId === currentProject.current)
        setProjectShown({ projectId: event.projectId, level: event.level });
    };
    projectLevelListeners.add(listener);
    return () => {
      projectLevelListeners.delete(listener);
    };
  }, []);
  useEffect(() => {
    if (sessionID === null) readProject(projectId);
  }, [sessionID, projectId, readProject]);
  useRereadOnReconnect(reconnects, () => {
    read(current.current);
    if (current.current === null) readProject(currentProject.current);
  });

  const onEvent = useCallback((event: ChatEvent) => {
    if (event.type === "allow" && event.sessionID === current.current)
      setShown({ sessionID: event.sessionID, setting: event.setting });
  }, []);

  /** Sets the chat's choice; on a refusal, reads the chat's own again (a read it overlapped was not shown) and says why. */
  const write = useCallback(
    async (id: string, choice: AllowChoice, refused: string): Promise<string | null> => {
      writes.current.running += 1;
      const answer = await api.setAllow(id, choice).then(
        (setting) => ({ setting }),
        (error: unknown) => ({ error }),
      );
      writes.current.running -= 1;
      writes.current.ended += 1;
      if ("setting" in answer) {
        if (current.current === id) setShown({ sessionID: id, setting: answer.setting });
        return null;
      }
      read(id);
      const problem = `${refused}: ${errorMessage(answer.error)}`;
      if (current.current === id) setProblem(problem);
      return problem;
    },
    [read],
  );

  /** Sets the project's level, then has the open chat (or the one about to be made) follow it. */
  const writeProject = useCallback(
    async (level: AllowLevel) => {
      if (projectId === null) {
        setProblem(
          "This chat's folder is not in the projects list: open the folder as a project to set a level for its chats.",
        );
        return;
      }
      writes.current.running += 1;
      const answer = await api.setProjectAllow(projectId, level).then(
        () => null,
        (error: unknown) => error,
      );
      writes.current.running -= 1;
      writes.current.ended += 1;
      if (answer !== null) {
        setProblem(`The project's level was not changed: ${errorMessage(answer)}`);
        return;
      }
      if (currentProject.current === projectId) setProjectShown({ projectId, level });
      if (sessionID === null) setDraft("project");
      else await write(sessionID, "project", "The project's level was set, but this chat keeps its own");
    },
    [projectId, sessionID, write],
  );

  const choose = useCallback(
    async (pick: AllowPick) => {
      if ("chat" in pick && sessionID === null) {
        setDraft(pick.chat);
        return;
      }
      setSaving(true);
      setProblem(null);
      try {
        if ("project" in pick) await writeProject(pick.project);
        else if (sessionID !== null) await write(sessionID, pick.chat, "The setting was not changed");
      } finally {
        setSaving(false);
      }
    },
    [sessionID, write, writeProject],
  );

  /**
   * A new chat was just made: a choice other than following the project goes on it, before its
   * first prompt. Refused, it throws, so the prompt is not sent under the project's level, which
   * may allow more than was chosen (review 31, M2).
   */
  const adopt = useCallback(
    async (id: string) => {
      if (draft === "project") return;
      setDraft("project");
      const refused = await write(id, draft, `The new chat could not be set to ${levelLabel(draft)}`);
      if (refused) throw new Error(`${refused}. The message was not sent: choose again, then send it.`);
    },
    [draft, write],
  );

  /** Null until the open chat's setting was read. */
  let setting: AllowSetting | null = null;
  let projectUnknown = false;
  if (sessionID !== null) setting = shown?.sessionID === sessionID ? shown.setting : null;
  else {
    // A new chat's choice can be made at once: the project's level, until read (or when it could
    // not be), shows as unknown and counts as asking first.
    const read = projectShown?.projectId === projectId ? (projectShown?.level ?? null) : null;
    projectUnknown = projectId !== null && read === null;
    const projectLevel = read ?? "ask";
    setting = { level: draft === "project" ? projectLevel : draft, choice: draft, projectLevel, allowed: [] };
  }
  return { setting, projectUnknown, saving, problem, choose, adopt, onEvent, projectSettable: projectId !== null };
}

export type AllowState = ReturnType<typeof useAllowSetting>;
