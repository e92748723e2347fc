// Keys typed before the terminal's connection opens reach the shell once it does, in order, and
// keys typed after go straight through (review 5, T1).
import { describe, expect, it } from "vitest";
import { keySender, type ShellSocket } from "./keySender.ts";

function fakeSocket() {
  const sent: string[] = [];
  const socket: ShellSocket & { readyState: number } = {
    readyState: 0,
    send: (data) => sent.push(data),
    onopen: null,
  };
  return { socket, sent };
}

describe("keys typed into the terminal", () => {
  it("are held while the connection opens and sent once it does, in order, before later keys", () => {
    const { socket, sent } = fakeSocket();
    const send = keySender(socket);
    send("l");
    send("s");
    expect(sent).toEqual([]);
    socket.readyState = 1;
    socket.onopen?.(new Event("open"));
    send("\r");
    expect(sent).toEqual(["l", "s", "\r"]);
  });
});
