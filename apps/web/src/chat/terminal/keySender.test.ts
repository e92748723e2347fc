// Keys typed before the terminal's connection opens reach the shell once it does, in order, and
// keys typed after go straight through (review 5, T1), including keys typed while the tab is still
// finding or starting the shell, before there is a socket at all.
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
    const keys = keySender();
    keys.attach(socket);
    keys.send("l");
    keys.send("s");
    expect(sent).toEqual([]);
    socket.readyState = 1;
    socket.onopen?.(new Event("open"));
    keys.send("\r");
    expect(sent).toEqual(["l", "s", "\r"]);
  });

  it("are held before there is a socket, then sent once it opens", () => {
    const { socket, sent } = fakeSocket();
    const keys = keySender();
    keys.send("p");
    keys.send("w");
    keys.attach(socket);
    keys.send("d");
    expect(sent).toEqual([]);
    socket.readyState = 1;
    socket.onopen?.(new Event("open"));
    expect(sent).toEqual(["p", "w", "d"]);
  });
});
