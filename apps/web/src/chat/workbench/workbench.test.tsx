// @vitest-environment happy-dom
// The workbench in pieces: the reducer over todos, diffs and reverts; usage; the composer's `@`,
// `/`, ↑ and attachments; the diff view and todo list as a person sees them. The session panel
// has its own file (sessionPanel.test.tsx), the pickers theirs (pickers.test.tsx).

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ChatEvent, ChatSession } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Composer } from "../Composer.tsx";
import type { MessageView } from "../conversation.ts";
import { checkAttachment, maxAttachmentBytes } from "./attachments.ts";
import { activeToken, mentionOf, mentionsIn, replaceToken } from "./composerTokens.ts";
import { fuzzyFilter } from "./fuzzy.ts";
import { parsePatch, splitRows } from "./patch.ts";
import { freshCursor, rememberPrompt, stepHistory } from "./promptHistory.ts";
import { TodoList } from "./TodoList.tsx";
import { sessionUsage } from "./usage.ts";
import { emptyWorkbench, visibleMessages, workbenchReducer } from "./workbenchState.ts";

afterEach(cleanup);

const S = "ses_a";
const patch = [
  "Index: notes.txt",
  "===================================================================",
  "--- notes.txt",
  "+++ notes.txt",
  "@@ -1,3 +1,3 @@",
  " alpha",
  "-beta",
  "+BETA",
  " gamma",
  "",
].join("\n");

const session = (revert: ChatSession["revert"]): ChatSession => ({
  id: S,
  title: "t",
  key: null,
  createdAt: 1,
  updatedAt: 2,
  directory: "/home/zoë/project",
  projectId: null,
  revert,
});
const usage = { input: 100, output: 50, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0.002 };
const message = (
  id: string,
  role: "user" | "assistant",
  text: string,
  extra: Partial<MessageView> = {},
): MessageView => ({
  id,
  sessionID: S,
  role,
  createdAt: 1,
  completedAt: 2,
  model: null,
  error: null,
  parts: [{ type: "text", id: `p${id}`, text }],
  ...extra,
});

describe("workbench reducer", () => {
  const replay = (events: ChatEvent[]) =>
    events.reduce((state, event) => workbenchReducer(state, { type: "event", event }), emptyWorkbench(S));

  it("keeps the latest todo list of its own session only", () => {
    const todos = [{ content: "Write tests", status: "in_progress", priority: "high" }];
    const state = replay([
      { type: "todo.updated", sessionID: S, todos: [] },
      { type: "todo.updated", sessionID: S, todos },
      { type: "todo.updated", sessionID: "ses_other", todos: [] },
    ]);
    expect(state.todos).toEqual(todos);
  });

  it("follows undo and redo from session updates, and hides the undone messages", () => {
    const undone = replay([
      { type: "session.updated", sessionID: S, session: session({ messageID: "msg_3", partID: null }) },
    ]);
    expect(undone.revert).toEqual({ messageID: "msg_3", partID: null });
    const messages = ["msg_1", "msg_2", "msg_3", "msg_4"].map((id) => ({ id }));
    expect(visibleMessages(messages, undone.revert).map((m) => m.id)).toEqual(["msg_1", "msg_2"]);
    const redone = workbenchReducer(undone, {
      type: "event",
      event: { type: "session.updated", sessionID: S, session: session(null) },
    });
    expect(redone.revert).toBeNull();
    expect(visibleMessages(messages, redone.revert)).toHaveLength(4);
  });

  it("loads changes per prompt and ignores a late load for another session", () => {
    const changes = [{ messageID: "msg_1", files: [] }];
    const state = workbenchReducer(emptyWorkbench(S), {
      type: "changes",
      sessionID: S,
      changes: { messages: changes, session: [] },
    });
    expect(state.changes).toEqual(changes);
    const late = { type: "changes" as const, sessionID: "ses_b", changes: { messages: [], session: [] } };
    expect(workbenchReducer(state, late).changes).toEqual(changes);
  });
});

describe("usage", () => {
  it("sums tokens and cost, and fills the context from the last reply", () => {
    const result = sessionUsage(
      [
        { role: "assistant", usage },
        { role: "user", usage: null },
        { role: "assistant", usage: { ...usage, input: 300 } },
      ],
      1000,
    );
    expect(result).toEqual({ tokens: 500, cost: 0.004, contextTokens: 350, contextFraction: 0.35 });
    expect(sessionUsage([], null).contextFraction).toBeNull();
  });
});

describe("patches", () => {
  it("numbers the lines and pairs a changed line with its new self", () => {
    const [hunk] = parsePatch(patch);
    expect(hunk?.lines).toEqual([
      { kind: "context", oldNo: 1, newNo: 1, text: "alpha" },
      { kind: "del", oldNo: 2, newNo: null, text: "beta" },
      { kind: "add", oldNo: null, newNo: 2, text: "BETA" },
      { kind: "context", oldNo: 3, newNo: 3, text: "gamma" },
    ]);
    expect(splitRows(hunk!).map((r) => [r.left?.text ?? null, r.right?.text ?? null])).toEqual([
      ["alpha", "alpha"],
      ["beta", "BETA"],
      ["gamma", "gamma"],
    ]);
  });
});

describe("composer helpers", () => {
  it("finds the @ mention or / command at the caret and replaces it", () => {
    expect(activeToken("read @no", 8)).toEqual({ kind: "mention", query: "no", start: 5, end: 8 });
    expect(activeToken("mail a@b.c", 10)).toBeNull();
    expect(activeToken("/hel", 4)).toEqual({ kind: "command", query: "hel", start: 0, end: 4 });
    expect(activeToken("not /hel", 8)).toBeNull();
    const token = activeToken("read @no please", 8)!;
    expect(replaceToken("read @no please", token, "@notes.txt")).toEqual({ text: "read @notes.txt please", caret: 16 });
    // A command in a sub-folder is named by its path (contracts' slashCommand.test.ts for the parser).
    expect(activeToken("/git/co", 7)).toEqual({ kind: "command", query: "git/co", start: 0, end: 7 });
    expect(mentionsIn("see @src/a.ts, and @b.md. mail x@y.z @../up")).toEqual(["src/a.ts", "b.md"]);
  });

  it("writes a path with a space as a quoted mention, finds it while typed and in the sent text", () => {
    expect(mentionOf("src/a.ts")).toBe("@src/a.ts");
    expect(mentionOf("notes/my plan.md")).toBe('@"notes/my plan.md"');
    const typed = 'read @"my pl';
    const token = activeToken(typed, typed.length)!;
    expect(token).toEqual({ kind: "mention", query: "my pl", start: 5, end: 12 });
    expect(replaceToken(typed, token, mentionOf("my plan.md"))).toEqual({ text: 'read @"my plan.md" ', caret: 19 });
    expect(mentionsIn('see @"notes/my plan.md", and @b.md and @"../x y"')).toEqual(["notes/my plan.md", "b.md"]);
  });

  it("ranks commands by how well they match", () => {
    const names = ["init", "review", "hello", "help-me"].map((name) => ({ name }));
    expect(fuzzyFilter("he", names, (c) => c.name).map((c) => c.name)).toEqual(["hello", "help-me"]);
    expect(fuzzyFilter("rvw", names, (c) => c.name).map((c) => c.name)).toEqual(["review"]);
  });

  it("walks prompt history newest first and gives the draft back", () => {
    const history = rememberPrompt(rememberPrompt(["one"], "two"), "two");
    expect(history).toEqual(["one", "two"]);
    const a = stepHistory(history, freshCursor, "draft", "older")!;
    expect(a.text).toBe("two");
    const b = stepHistory(history, a.cursor, a.text, "older")!;
    expect(b.text).toBe("one");
    expect(stepHistory(history, b.cursor, b.text, "older")).toBeNull();
    const c = stepHistory(history, b.cursor, b.text, "newer")!;
    expect(stepHistory(history, c.cursor, c.text, "newer")?.text).toBe("draft");
  });

  it("refuses an oversized attachment with a sentence that says what to do", () => {
    expect(() => checkAttachment({ name: "shot.png", size: 3 * 1024 * 1024 }, 0)).toThrow(
      /^shot\.png is 3\.0 MB; attachments can be at most \d+ KB\. Use a smaller file/,
    );
    expect(() => checkAttachment({ name: "ok.png", size: 10 }, 10)).toThrow(/At most 10 files/);
    expect(() => checkAttachment({ name: "ok.png", size: maxAttachmentBytes }, 0)).not.toThrow();
  });
});

function ComposerHarness(props: { onDraft?: (t: string) => void; draft?: string; onAttach?: (f: File[]) => void }) {
  return (
    <Composer
      draft={props.draft ?? ""}
      onDraft={props.onDraft ?? (() => undefined)}
      onSend={() => undefined}
      onStop={() => undefined}
      busy={false}
      sending={false}
      canSend
      models={null}
      model=""
      onModel={() => undefined}
      suggestions={{
        commands: [
          { name: "hello", description: "Greets someone", source: "command" },
          { name: "init", description: null, source: "command" },
        ],
        findFiles: async (q) => ["notes.txt", "src/app.ts"].filter((f) => f.includes(q)),
      }}
      history={["first prompt", "second prompt"]}
      onAttach={props.onAttach ?? (() => undefined)}
      attachments={[]}
    />
  );
}

describe("composer", () => {
  it("suggests / commands and puts the picked one in the box", () => {
    const onDraft = vi.fn();
    render(<ComposerHarness draft="/he" onDraft={onDraft} />);
    const box = screen.getByLabelText("Message") as HTMLTextAreaElement;
    box.setSelectionRange(3, 3);
    fireEvent.select(box);
    const options = screen.getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["/helloGreets someone"]);
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onDraft).toHaveBeenCalledWith("/hello ");
  });

  it("suggests project files for @ and inserts the chosen path", async () => {
    vi.useFakeTimers();
    try {
      const onDraft = vi.fn();
      render(<ComposerHarness draft="read @not" onDraft={onDraft} />);
      const box = screen.getByLabelText("Message") as HTMLTextAreaElement;
      box.setSelectionRange(9, 9);
      fireEvent.select(box);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(200);
      });
      expect(screen.getByRole("listbox", { name: "Files" }).textContent).toBe("notes.txt");
      fireEvent.keyDown(box, { key: "Tab" });
      expect(onDraft).toHaveBeenCalledWith("read @notes.txt ");
    } finally {
      vi.useRealTimers();
    }
  });

  it("recalls the previous prompt with ↑ in an empty box", () => {
    const onDraft = vi.fn();
    render(<ComposerHarness draft="" onDraft={onDraft} />);
    fireEvent.keyDown(screen.getByLabelText("Message"), { key: "ArrowUp" });
    expect(onDraft).toHaveBeenCalledWith("second prompt");
  });

  it("attaches a pasted image instead of pasting text", () => {
    const onAttach = vi.fn();
    render(<ComposerHarness onAttach={onAttach} />);
    const image = new File([new Uint8Array([1, 2, 3])], "shot.png", { type: "image/png" });
    fireEvent.paste(screen.getByLabelText("Message"), { clipboardData: { files: [image] } });
    expect(onAttach).toHaveBeenCalledWith([image]);
  });
});

describe("todo list and session panel", () => {
  it("shows the agent's todos with what is done and what is being done", () => {
    render(
      <TodoList
        todos={[
          { content: "Write tests", status: "completed", priority: "high" },
          { content: "Ship it", status: "in_progress", priority: "low" },
        ]}
      />,
    );
    expect(screen.getByRole("region", { name: "The agent's todo list" }).textContent).toContain("1 of 2 done");
    const [done, now] = screen.getAllByRole("listitem");
    expect(done?.textContent).toContain("done");
    expect(now?.textContent).toContain("now");
  });
});

describe("attachments in the conversation", () => {
  it("keeps a file part of a prompt and shows an image as a thumbnail, a mention by name", async () => {
    const { conversationReducer, emptyConversation } = await import("../conversation.ts");
    const { AttachedFile } = await import("./AttachedFile.tsx");
    const image = {
      type: "file" as const,
      id: "pf",
      mime: "image/png",
      filename: "dot.png",
      url: "data:image/png;base64,AA==",
    };
    const state = [
      {
        type: "message.updated",
        sessionID: S,
        message: (({ parts: _p, ...info }) => info)(message("msg_1", "user", "")),
      },
      { type: "part.updated", sessionID: S, messageID: "msg_1", part: image },
    ].reduce((s, event) => conversationReducer(s, { type: "event", event: event as ChatEvent }), emptyConversation(S));
    expect(state.messages[0]?.parts).toContainEqual(image);
    render(<AttachedFile part={image} />);
    expect(screen.getByRole("img", { name: "Attached: dot.png" }).getAttribute("src")).toBe(image.url);
    cleanup();
    render(<AttachedFile part={{ ...image, mime: "text/plain", filename: "notes.txt", url: "file:///p/notes.txt" }} />);
    expect(screen.getByText("notes.txt")).toBeTruthy();
    expect(screen.queryByRole("img")).toBeNull();
  });
});
