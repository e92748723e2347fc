// What the Terminal tab remembers of each terminal beyond its own life on screen, so leaving the tab
// or switching chats loses neither: the command an action's new terminal is still to have typed
// into it (typed once, by whichever screen connects to it first), and the last local address each
// terminal printed (its Open link comes back with the tab, even when the replayed output no longer
// reaches back to the address's line).

const toType = new Map<string, string>();
const addresses = new Map<string, string>();

export const terminalMemory = {
  /** The command to type into a terminal once connected (a project action's). */
  willType(terminalId: string, command: string): void {
    toType.set(terminalId, command);
  },
  /** The command still to type, handed out once. */
  takeTyping(terminalId: string): string | undefined {
    const command = toType.get(terminalId);
    toType.delete(terminalId);
    return command;
  },
  address(terminalId: string): string | undefined {
    return addresses.get(terminalId);
  },
  setAddress(terminalId: string, address: string): void {
    addresses.set(terminalId, address);
  },
  /** The terminal has ended: nothing of it is kept. */
  forget(terminalId: string): void {
    toType.delete(terminalId);
    addresses.delete(terminalId);
  },
};
