// What the user types in the terminal goes to the shell's WebSocket. Keys typed before there is an
// open socket (the tab just opened and is still finding or starting the shell, or the socket still
// connects, the user already typing) are held and sent, in order, once it opens: nothing a user
// typed is silently dropped (9aa722e; review 5, T1 asked for its test).

/** What this needs of a WebSocket; a fake one in tests. */
export interface ShellSocket {
  readonly readyState: number;
  send(data: string): void;
  onopen: ((event: Event) => void) | null;
}

// WebSocket's readyState values (WHATWG HTML, "The WebSocket interface").
const connecting = 0;
const open = 1;

export interface KeySender {
  /** Sends typed keys, or holds them until the socket is attached and open. */
  send(data: string): void;
  /** The shell's socket, once there is one; takes over its onopen to flush what was held. */
  attach(socket: ShellSocket): void;
}

export function keySender(): KeySender {
  const held: string[] = [];
  let socket: ShellSocket | null = null;
  const flush = () => {
    if (socket?.readyState === open) for (const data of held.splice(0)) socket.send(data);
  };
  return {
    send(data) {
      if (!socket || socket.readyState === connecting) held.push(data);
      else if (socket.readyState === open) socket.send(data);
    },
    attach(next) {
      socket = next;
      next.onopen = flush;
      flush();
    },
  };
}
