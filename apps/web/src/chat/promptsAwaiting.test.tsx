// @vitest-environment happy-dom
// Prompts OpenCode has not read, as the list shows them: queued behind a reply being written (or a
// question waiting), left unread when that reply ended opencode's loop, and neither after a reply
// a restart cut (conversation.ts promptsAwaiting).

import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emptyConversation, type MessageView } from "./conversation.ts";
import { MessageList } from "./MessageList.tsx";
import { textMessage } from "./testHarness.tsx";

afterEach(cleanup);

const S = "ses_a";

describe("a prompt sent while a reply is written", () => {
  const prompt = (id: string, text: string) => textMessage(id, S, "user", text);
  const reply = (id: string, done: boolean) => ({
    ...textMessage(id, S, "assistant", "working"),
    completedAt: done ? 3 : null,
  });
  const shown = (messages: MessageView[], busy: boolean) => {
    cleanup();
    render(<MessageList conversation={{ ...emptyConversation(S), messages, busy }} onPermission={() => undefined} />);
    return screen.queryAllByRole("note").map((note) => note.closest("article")?.textContent?.split("Queued")[0]);
  };

  it("says it is queued until that reply ends, and only the prompts after the last reply", () => {
    const talk = [
      prompt("msg_1", "first"),
      reply("msg_2", false),
      prompt("msg_3", "also this"),
      prompt("msg_4", "and this"),
    ];
    expect(shown(talk, true)).toEqual(["also this", "and this"]);
    expect(document.querySelectorAll(".message-queued")).toHaveLength(2);
    // The reply ended and the next one answers them: no longer queued.
    expect(shown([...talk.slice(0, 1), reply("msg_2", true), ...talk.slice(2), reply("msg_5", false)], true)).toEqual(
      [],
    );
    // Not busy (a reply cut by a restart stays unfinished): nothing is queued.
    expect(shown(talk, false)).toEqual([]);
    // A prompt whose own reply has not started yet is not queued behind anything.
    expect(shown([prompt("msg_1", "first"), reply("msg_2", true), prompt("msg_3", "next")], true)).toEqual([]);
  });
});

describe("a queued prompt its reply's end left unread", () => {
  it("says it was not answered and offers Send again; a prompt sent after the reply ended is not flagged", () => {
    const onRetry = vi.fn();
    const talk = (sentAt: number): MessageView[] => [
      textMessage("msg_1", S, "user", "pick a database"),
      { ...textMessage("msg_2", S, "assistant", "question dismissed"), completedAt: 5 },
      { ...textMessage("msg_3", S, "user", "use SQLite please"), createdAt: sentAt },
    ];
    const view = (messages: MessageView[], busy = false) => (
      <MessageList
        conversation={{ ...emptyConversation(S), messages, busy }}
        onPermission={() => undefined}
        actions={{ onRetry, onResume: () => undefined }}
      />
    );
    const { rerender } = render(view(talk(4)));
    expect(screen.getByRole("note").textContent).toMatch(/^Not answered: the reply above ended/);
    fireEvent.click(screen.getByRole("button", { name: "Send again" }));
    expect(onRetry).toHaveBeenCalledWith("msg_3");
    rerender(view(talk(6))); // sent once the reply had ended: its own reply is on its way
    expect(screen.queryByRole("note")).toBeNull();
    rerender(view(talk(4), true)); // OpenCode is on it again
    expect(screen.queryByRole("note")).toBeNull();
  });
});

describe("prompts after a reply a restart cut", () => {
  it("are neither queued nor unanswered: the cut turn offers Resume, and a new prompt gets its own reply", () => {
    const cut = { ...textMessage("msg_2", S, "assistant", "half a"), completedAt: null };
    const messages: MessageView[] = [
      textMessage("msg_1", S, "user", "write"),
      cut,
      { ...textMessage("msg_3", S, "user", "go on"), createdAt: 9 },
    ];
    render(
      <MessageList
        conversation={{ ...emptyConversation(S), messages, busy: true, interrupted: ["msg_2"] }}
        onPermission={() => undefined}
      />,
    );
    expect(screen.queryByText(/^Queued/)).toBeNull();
    expect(screen.getByText(/Interrupted\./)).toBeTruthy();
  });

  it("an unanswered prompt with files is sent again through Edit, so its files go with it", () => {
    const onRetry = vi.fn();
    const withFile: MessageView = {
      ...textMessage("msg_3", S, "user", "look at this"),
      createdAt: 4,
      parts: [
        { type: "text", id: "p_t", text: "look at this" },
        {
          type: "file",
          id: "p_f",
          mime: "image/png",
          filename: "shot.png",
          url: "data:image/png;base64,AA==",
        } as never,
      ],
    };
    render(
      <MessageList
        conversation={{
          ...emptyConversation(S),
          messages: [
            textMessage("msg_1", S, "user", "ask"),
            { ...textMessage("msg_2", S, "assistant", "x"), completedAt: 5 },
            withFile,
          ],
        }}
        onPermission={() => undefined}
        actions={{ onRetry, onResume: () => undefined, onEdit: () => undefined }}
      />,
    );
    expect(screen.getByText(/^Not answered/).textContent).toContain("Edit puts it back in the box with its files");
    expect(screen.queryByRole("button", { name: "Send again" })).toBeNull();
  });
});
