// "Write it for me" in the pull request form: the branch's commits against the chosen base (their
// messages) and what they change (git's summary of the files, then the patch up to a budget),
// masked like everything that leaves the backend, sent to the chat's model as a question aside
// (chat/asidePrompt.ts, as the commit message's writer does); its answer becomes the title and the
// description. The commits and the changes come from the clone's own refs: nothing here talks to
// GitHub or changes the repository.
import {
  maxPullRequestBodyChars,
  maxPullRequestTitleChars,
  type PullRequestTextRequest,
  type PullRequestTextResponse,
} from "@turnkey/contracts";
import { type AskModel, cutAtLine, stopIfGivenUp, unfenced } from "../git/commitMessage.ts";
import type { BranchChanges, PullRequests } from "./pullRequests.ts";

/** How much one question may carry: the commits' messages together, and the patch. */
export interface PullTextBudget {
  messageChars: number;
  patchChars: number;
}

export const pullTextBudget: PullTextBudget = { messageChars: 12_000, patchChars: 30_000 };

/** What the model is told besides the branch; the project's own instructions come with the agent's. */
export const pullRequestInstructions = [
  "You write GitHub pull request descriptions. Answer with the title on the first line, a blank line, then the description in Markdown: no preamble, no label before either, no code fence around the whole answer.",
  "The title says what the change does, in at most 72 characters.",
  "The description says briefly why the change was made and what it changes: a short paragraph, then a list of the main changes when there are several. Say how it was tested only when the commits say so. Say nothing the commits and the changes do not show.",
].join("\n");

/**
 * The question's text. Everything given is sent as given: mask it first (writePullRequestText
 * does), since a secret cut in two here would no longer be found whole.
 */
export function pullRequestQuestion(
  changes: Pick<BranchChanges, "branch" | "commits" | "total" | "stat" | "patch" | "patchCut">,
  base: string,
  budget: PullTextBudget = pullTextBudget,
): { text: string; shortened: boolean } {
  const { commits } = changes;
  const total = Math.max(changes.total, commits.length);
  let left = budget.messageChars;
  const told: string[] = [];
  // Oldest first, as the work was done; a message too long for the room goes with its subject
  // alone, and the newest are left out first when the room runs out.
  for (const commit of [...commits].reverse()) {
    const body = commit.body.trim();
    const whole = `- ${commit.subject}${body ? `\n${body.replace(/^/gm, "  ")}` : ""}\n`;
    const said = whole.length <= left ? whole : `- ${commit.subject}\n`;
    if (said.length > left) break;
    told.push(said);
    left -= said.length;
  }
  const untold = commits.length - told.length;
  const patch = cutAtLine(changes.patch, budget.patchChars);
  const patchCut = changes.patchCut || patch.length < changes.patch.length;
  const count = total === 1 ? "1 commit" : `${total} commits`;
  // Past the commits git reads, the oldest are not read at all: the list says which these are.
  const which = total > commits.length ? `The newest ${commits.length} of its commits` : "Its commits";
  const sections = [
    `Write the pull request for the branch ${changes.branch}, to be merged into ${base} (${count}).`,
    `${which}, oldest first:\n${told.join("").trimEnd()}${untold > 0 ? `\n…and ${untold} more, left out to keep this short.` : ""}`,
    ...(changes.stat ? [`The files it changes:\n${changes.stat}`] : []),
    patch
      ? `The changes:\n${patch.trimEnd()}${patchCut ? "\n[…the rest of the changes is left out, to keep this short]" : ""}`
      : "The changes could not be read (git did not finish in time, or the branch and the base share no history): write from the commits and the files alone.",
  ];
  return { text: sections.join("\n\n"), shortened: total > told.length || patchCut };
}

/** A title line without its heading mark, `Title:` label, or quotes around the whole of it; "" for a label or a fence alone. */
function titleOf(line: string): string {
  const text = line
    .trim()
    .replace(/^#+\s*/, "")
    .replace(/^(?:\*\*)?title(?:\*\*)?\s*:(?:\*\*)?\s*/i, "");
  if (/^(?:\*\*)?title(?:\*\*)?$/i.test(text) || text.startsWith("```")) return "";
  const quoted = /^(["'`]|\*\*)(.*)\1$/.exec(text);
  return (quoted?.[2] !== undefined && !quoted[2].includes(quoted[1] as string) ? quoted[2] : text).trim();
}

/**
 * The title and description out of the model's answer: a fence around the whole of it taken off
 * (a description with code blocks of its own too), the title the first line that says something
 * (a heading or label alone on its line is not one), and a "Description" heading or label taken
 * off the description's start.
 */
export function pullRequestFromAnswer(answer: string): { title: string; body: string } {
  const lines = unfenced(answer).split("\n");
  let title = "";
  let next = 0;
  while (title === "" && next < lines.length) title = titleOf(lines[next++] ?? "");
  const body = lines
    .slice(next)
    .join("\n")
    .trim()
    .replace(/^(?:#+[ \t]*)?(?:\*\*)?(?:description|body)(?:\*\*)?[ \t]*(?::(?:\*\*)?[ \t]*\n?|\n|$)/i, "")
    .trim();
  return { title: title.slice(0, maxPullRequestTitleChars), body: body.slice(0, maxPullRequestBodyChars) };
}

export async function writePullRequestText(
  pulls: Pick<PullRequests, "changes">,
  sessionID: string,
  request: PullRequestTextRequest,
  ask: AskModel,
  /** Masks what leaves the backend (outwardRedaction.ts): applied to each part before any is cut. */
  redact: (text: string) => string,
  signal?: AbortSignal,
  budget: PullTextBudget = pullTextBudget,
): Promise<PullRequestTextResponse> {
  const read = await pulls.changes(sessionID, request.base, { patchChars: budget.patchChars, signal });
  stopIfGivenUp(signal);
  const masked = {
    branch: redact(read.branch),
    commits: read.commits.map((c) => ({ subject: redact(c.subject), body: redact(c.body) })),
    total: read.total,
    stat: redact(read.stat),
    patch: redact(read.patch),
    patchCut: read.patchCut,
  };
  const question = pullRequestQuestion(masked, redact(request.base), budget);
  const answer = await ask({
    directory: read.folder,
    system: pullRequestInstructions,
    text: question.text,
    model: request.model,
    signal,
  });
  return { ...pullRequestFromAnswer(answer), commits: read.total, shortened: question.shortened };
}
