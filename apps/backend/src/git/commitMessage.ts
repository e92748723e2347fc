// "Write it for me" in the commit form: the chosen files' changes, read from git as the Files tab
// shows them, sent to the chat's model as a question aside (chat/asidePrompt.ts), whose answer
// becomes the message in the box. What is sent is bounded (a build folder of new files would
// otherwise fill the model's context): every chosen file is named with its lines added and
// removed, and the patches follow until a budget, each cut at its own; the answer says how many
// were shortened. The repository's recent subjects go with it, so the message follows its style,
// and the text is masked like everything that leaves the backend (a provider key in a changed file
// never reaches the model). Nothing here changes the repository.
import {
  type FileChange,
  type GitMessageRequest,
  type GitMessageResponse,
  type GitWorkFile,
  type ModelRef,
  maxCommitMessageChars,
} from "@turnkey/contracts";
import { type CommitChoice, chosenPaths } from "./commitChoice.ts";
import { patchOf, withLineCounts } from "./gitChanges.ts";
import { GitError } from "./gitErrors.ts";
import type { ProjectGit } from "./projectGit.ts";

/** How much of the changes one question may carry. */
export interface MessageBudget {
  /** Files named with their counts; the rest are counted only. */
  filesNamed: number;
  /** One file's patch longer than this is cut. */
  patchChars: number;
  /** The patches together; files past it are named without theirs. */
  totalChars: number;
}

export const messageBudget: MessageBudget = { filesNamed: 300, patchChars: 6_000, totalChars: 30_000 };

/** What the model is told besides the changes; the project's own instructions come with the agent's. */
export const messageInstructions = [
  "You write git commit messages. Answer with the commit message only: no preamble, no quotes, no code fences.",
  'The first line is a summary of at most 72 characters in the imperative mood ("Add…", "Fix…").',
  "When the change needs more, leave a blank line and say in a few short lines why it was made and what it changes.",
  "Follow the repository's conventions: its recent commit subjects are given, and the project's instructions may name a style.",
].join("\n");

const letter: Record<GitWorkFile["state"], string> = {
  modified: "M",
  added: "A",
  deleted: "D",
  renamed: "R",
  untracked: "A",
  conflicted: "U",
  typechange: "T",
};

/** One chosen file: its counts, and its patch (null: binary or too large; undefined: not read, past the budget). */
export interface ChosenChange {
  file: GitWorkFile;
  counts: FileChange | undefined;
  patch: string | null | undefined;
}

/** What a file's changes take in the question: its patch, or a line saying there is none to show. */
const shownOf = (path: string, patch: string | null) => patch ?? `${path}: binary, or too large to show.\n`;

/** `text` cut to at most `room` characters at a line's end (mid-line only when its first line is longer). */
export function cutAtLine(text: string, room: number): string {
  if (room <= 0) return "";
  const cut = text.slice(0, room);
  const end = cut.lastIndexOf("\n");
  return end > 0 ? cut.slice(0, end + 1) : cut;
}

/**
 * The question's text: the files, their patches within the budget, and the recent subjects.
 * Everything given is sent as given: mask it first (writeCommitMessage does), since a secret cut
 * in two here would no longer be found whole.
 */
export function messageQuestion(
  changes: readonly ChosenChange[],
  recentSubjects: readonly string[],
  budget: MessageBudget = messageBudget,
): { text: string; shortened: number } {
  const named = changes.slice(0, budget.filesNamed);
  const lines = named.map(({ file, counts }) => {
    const size = counts ? ` (+${counts.additions} −${counts.deletions}${counts.partialCount ? " or more" : ""})` : "";
    return `${letter[file.state]} ${file.path}${size}`;
  });
  const unnamed = changes.length - named.length;
  if (unnamed > 0) lines.push(`…and ${unnamed} more ${unnamed === 1 ? "file" : "files"}.`);
  let shortened = 0;
  let left = budget.totalChars;
  const patches: string[] = [];
  for (const { file, patch } of named) {
    // A file past the budget, or not read: left out. Every line sent counts, a binary file's too.
    const shown = patch === undefined ? undefined : shownOf(file.path, patch);
    if (shown === undefined || left <= 0) {
      shortened += 1;
      continue;
    }
    const room = Math.min(budget.patchChars, left);
    if (shown.length <= room) {
      patches.push(shown);
      left -= shown.length;
      continue;
    }
    // Cut, with a line that says so, both within the room; a "binary" line is never cut in two.
    shortened += 1;
    const said = `[…the rest of ${file.path}'s changes is left out]\n`;
    const cut = patch === null ? "" : cutAtLine(shown, room - said.length - 1);
    if (cut === "") continue;
    const sent = `${cut}${cut.endsWith("\n") ? "" : "\n"}${said}`;
    patches.push(sent);
    left -= sent.length;
  }
  shortened += unnamed;
  const sections = [
    `Write the commit message for these changes (${changes.length === 1 ? "1 file" : `${changes.length} files`}).`,
    `Files:\n${lines.join("\n")}`,
    ...(recentSubjects.length > 0 ? [`Recent commit subjects in this repository:\n${recentSubjects.join("\n")}`] : []),
    `The changes:\n${patches.join("").trimEnd()}`,
    ...(shortened > 0
      ? [
          `The changes of ${shortened === 1 ? "1 file are" : `${shortened} files are`} cut short or left out, to keep this short.`,
        ]
      : []),
  ];
  return { text: sections.join("\n\n"), shortened };
}

/**
 * The message out of the model's answer: blank lines around it taken off, and a code fence around
 * the whole of it (one that holds no other fence: two fenced blocks are the model's own text).
 */
export function messageFromAnswer(answer: string): string {
  return unfenced(answer).slice(0, maxCommitMessageChars);
}

/**
 * A model's answer without blank lines around it and without one code fence around the whole of
 * it. Inside, a fence with a language opens a block of the answer's own and a bare one closes it,
 * so a description holding code is still unwrapped; a bare fence with no block open closes the
 * outer one early, and then the fences are the model's own blocks ("```A``` ```B```"), kept whole.
 */
export function unfenced(answer: string): string {
  const text = answer.replace(/\r\n?/g, "\n").trim();
  const lines = text.split("\n");
  const last = lines.length - 1;
  if (last < 2 || !/^```[\w-]*$/.test(lines[0] ?? "") || lines[last] !== "```") return text;
  let open = 0;
  for (const line of lines.slice(1, last)) {
    if (/^```[\w-]+/.test(line)) open += 1;
    else if (line.trim() === "```") {
      if (open === 0) return text;
      open -= 1;
    }
  }
  return open === 0 ? lines.slice(1, last).join("\n").trim() : text;
}

/** Asks the model (asidePrompt's askAside, bound to the backend's sidecar). */
export type AskModel = (question: {
  directory: string;
  system: string;
  text: string;
  model?: ModelRef | undefined;
  signal?: AbortSignal | undefined;
}) => Promise<string>;

/** The question was given up on (the window's Stop, a closed tab): nothing more is read or asked. */
export function stopIfGivenUp(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new GitError(409, "model_failed", "The question was given up on.");
}

export async function writeCommitMessage(
  git: ProjectGit,
  sessionID: string,
  request: GitMessageRequest,
  ask: AskModel,
  /** Masks what leaves the backend (outwardRedaction.ts): applied to each part before any is cut. */
  redact: (text: string) => string,
  signal?: AbortSignal,
  budget: MessageBudget = messageBudget,
): Promise<GitMessageResponse> {
  const scope = await git.scope(sessionID);
  const { model, ...choice } = request;
  const files = (await git.readAll(scope)).files;
  const chosen = new Set(
    chosenPaths(
      files.map((f) => f.path),
      choice satisfies CommitChoice,
    ),
  );
  // At least one: chosenPaths refuses a choice of none, as for a commit.
  const picked = files.filter((f) => chosen.has(f.path));
  stopIfGivenUp(signal);
  const read = git.gitIn(scope);
  const head = await git.hasHead(scope);
  const named = picked.slice(0, budget.filesNamed);
  const counts = await withLineCounts(scope.folder, named, head, read);
  // Patches are read one at a time, of the named files only, until the budget is spent (a binary
  // file's line counts too) or git's time for this is: a file past either is not read at all.
  const changes: ChosenChange[] = [];
  let spent = 0;
  for (const [i, file] of picked.entries()) {
    let patch: string | null | undefined;
    if (i < budget.filesNamed && spent < budget.totalChars && scope.budget.leftMs() > 0) {
      stopIfGivenUp(signal);
      const raw = await patchOf(scope.folder, file, head, read);
      patch = raw === null ? null : redact(raw);
      spent += Math.min(shownOf(file.path, patch).length, budget.patchChars);
    }
    changes.push({ file: { ...file, path: redact(file.path) }, counts: counts[i], patch });
  }
  // --no-show-signature: a log.showSignature in the repository's config would run its gpg.program.
  const log = head
    ? await read(["log", "-n", "10", "--no-merges", "--no-show-signature", "--no-color", "--format=%s"])
    : null;
  const subjects =
    log?.code === 0
      ? log.stdout
          .split("\n")
          .filter((s) => s.trim() !== "")
          .map(redact)
      : [];
  stopIfGivenUp(signal);
  const question = messageQuestion(changes, subjects, budget);
  const answer = await ask({
    directory: scope.folder,
    system: messageInstructions,
    text: question.text,
    model,
    signal,
  });
  const message = messageFromAnswer(answer);
  return { message, files: picked.length, shortened: question.shortened };
}
