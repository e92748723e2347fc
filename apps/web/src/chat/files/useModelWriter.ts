// "Write it for me" (a commit's message, a pull request's title and description): asks the chat's
// model (through the backend) for text from the changes, shows for how long it has been asking,
// and puts the answer in the form. Nothing typed is lost: the fields are read-only while the model
// writes, and what it replaced can be put back. Stop (or the form going away) gives the question
// up, and the backend stops the model with it.
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { useNow } from "../../shared/useBackendEvents.ts";

/** What the form's fields hold, and how the writer reads and fills them. */
export interface WrittenFields<T> {
  /** The model as the message box names it, or null for OpenCode's default. */
  modelName: string | null;
  current: () => T;
  set: (value: T) => void;
  blank: (value: T) => boolean;
  same: (a: T, b: T) => boolean;
  /** What the person does next, for the note: "commit", "create the pull request". */
  next: string;
}

/** The model's answer, and a sentence when part of the changes was left out of the question. */
export interface Written<T> {
  value: T;
  shortened: string | null;
}

export function useModelWriter<T>(fields: WrittenFields<T>, setProblem: (problem: string | null) => void) {
  const [running, setRunning] = useState<{ count: number; startedAt: number } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [previous, setPrevious] = useState<T | null>(null);
  const asking = useRef<AbortController | null>(null);
  const lastAnswer = useRef<T | null>(null);
  const now = useNow(1000, running !== null);
  // The form goes (the tab closed, another chat opened): the question is given up with it.
  useEffect(() => () => asking.current?.abort(), []);

  const write = async (ask: (signal: AbortSignal) => Promise<Written<T>>, count: number) => {
    if (asking.current) return;
    const question = new AbortController();
    asking.current = question;
    setProblem(null);
    setNote(null);
    setRunning({ count, startedAt: Date.now() });
    try {
      const answer = await ask(question.signal);
      if (question.signal.aborted) return;
      const shown = fields.current();
      // What the person wrote before the first of several answers stays the one to put back.
      const last = lastAnswer.current;
      const before = previous !== null && last !== null && fields.same(shown, last) ? previous : shown;
      fields.set(answer.value);
      lastAnswer.current = answer.value;
      setPrevious(!fields.blank(before) && !fields.same(before, answer.value) ? before : null);
      const cut = answer.shortened ? ` ${answer.shortened}` : "";
      setNote(`Written by ${fields.modelName ?? "OpenCode's default model"}: read it before you ${fields.next}.${cut}`);
    } catch (error) {
      if (!question.signal.aborted) setProblem(errorMessage(error));
    } finally {
      if (asking.current === question) {
        asking.current = null;
        setRunning(null);
      }
    }
  };

  return {
    /** How many things the model is asked about (files, commits), and for how long it has been, while it is. */
    running: running && { count: running.count, seconds: Math.max(0, Math.floor((now - running.startedAt) / 1000)) },
    note,
    /** What the model's answer replaced, while it can be put back. */
    previous,
    write: (ask: (signal: AbortSignal) => Promise<Written<T>>, count: number) => void write(ask, count),
    stop: () => {
      asking.current?.abort();
      asking.current = null;
      setRunning(null);
      setPrevious(null);
      setNote("Stopped: what you wrote is as it was.");
    },
    /** The person changed the text: putting an older one back would undo that, so it is not offered. */
    typed: () => setPrevious(null),
    putBack: () => {
      if (previous === null) return;
      fields.set(previous);
      setPrevious(null);
      setNote(null);
    },
    /** The work was done (a commit made): what was said about the last answer goes. */
    forget: () => {
      setNote(null);
      setPrevious(null);
    },
  };
}
