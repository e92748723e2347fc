// What the user types in the terminal goes to the shell's WebSocket. Keys typed while the socket
// still connects (the tab just opened, the user already typing) are held and sent, in order, once
// it opens: nothing a user typed is silently dropped (9aa722e; review 5, T1 asked for its test).

/** What this needs of a WebSocket; a fake one in tests. */
export interface ShellSocket {
  readonly readyState: number;
  send(data: string): void;
  onopen: ((event: Event) => void) | null;
}

// WebSocket's readyState values (WHATWG HTML, "The WebSocket interface").
const connecting = 0;
const open = 1;

/** A send for typed keys on `socket`; takes over the socket's onopen to flush what was held. */
export function keySender(socket: ShellSocket): (data: string) => void {
  const held: string[] = [];
  socket.onopen = () => {
    for (const data of held.splice(0)) socket.send(data);
  };
  return (data) => {
    if (socket.readyState === open) socket.send(data);
    else if (socket.readyState === connecting) held.push(data);
  };
}
