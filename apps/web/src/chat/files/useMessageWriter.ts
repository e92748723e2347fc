// "Write it for me" in the commit form: asks the chat's model (through the backend) for a message
// from the files the commit would take, shows for how long it has been asking, and puts the answer
// in the box. Nothing typed is lost: the box is read-only while the model writes, and a message it
// replaces can be put back. Stop (or the form going away) gives the question up, and the backend
// stops the model with it.
import type { GitMessageResponse } from "@turnkey/contracts";
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { useNow } from "../../shared/useBackendEvents.ts";
import type { CommitChoice } from "./CommitForm.tsx";

export interface MessageWriter {
  /** The model as the message box names it, or null for OpenCode's default. */
  modelName: string | null;
  write: (choice: CommitChoice, signal: AbortSignal) => Promise<GitMessageResponse>;
}

interface Running {
  files: number;
  startedAt: number;
}

const filesText = (n: number) => (n === 1 ? "1 file" : `${n.toLocaleString("en")} files`);

export function useMessageWriter(
  writer: MessageWriter | undefined,
  draft: { message: string },
  setMessage: (text: string) => void,
  setProblem: (problem: string | null) => void,
) {
  const [running, setRunning] = useState<Running | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [previous, setPrevious] = useState<string | null>(null);
  const asking = useRef<AbortController | null>(null);
  const lastAnswer = useRef<string | null>(null);
  const now = useNow(1000, running !== null);
  // The form goes (the tab closed, another chat opened): the question is given up with it.
  useEffect(() => () => asking.current?.abort(), []);

  const write = async (choice: CommitChoice, files: number) => {
    if (!writer || asking.current) return;
    const ask = new AbortController();
    asking.current = ask;
    setProblem(null);
    setNote(null);
    setRunning({ files, startedAt: Date.now() });
    try {
      const answer = await writer.write(choice, ask.signal);
      if (ask.signal.aborted) return;
      // What the person wrote before the first of several answers stays the one to put back.
      const before = previous !== null && draft.message === lastAnswer.current ? previous : draft.message;
      setMessage(answer.message);
      lastAnswer.current = answer.message;
      setPrevious(before.trim() !== "" && before !== answer.message ? before : null);
      const cut =
        answer.shortened > 0
          ? ` The changes of ${filesText(answer.shortened)} were cut short or left out, to keep the question short.`
          : "";
      setNote(`Written by ${writer.modelName ?? "OpenCode's default model"}: read it before you commit.${cut}`);
    } catch (error) {
      if (!ask.signal.aborted) setProblem(errorMessage(error));
    } finally {
      if (asking.current === ask) {
        asking.current = null;
        setRunning(null);
      }
    }
  };

  return {
    /** How many files the model is asked about, and for how long it has been, while it is. */
    running: running && { files: running.files, seconds: Math.max(0, Math.floor((now - running.startedAt) / 1000)) },
    note,
    /** The message the model's replaced, while it can be put back. */
    previous,
    write: (choice: CommitChoice, files: number) => void write(choice, files),
    stop: () => {
      asking.current?.abort();
      asking.current = null;
      setRunning(null);
      setPrevious(null);
      setNote("Stopped: the message is as it was.");
    },
    /** The person changed the message: putting an older one back would undo that, so it is not offered. */
    typed: () => setPrevious(null),
    putBack: () => {
      if (previous === null) return;
      setMessage(previous);
      setPrevious(null);
      setNote(null);
    },
    /** A commit was made: what was said about the last message goes. */
    forget: () => {
      setNote(null);
      setPrevious(null);
    },
  };
}
