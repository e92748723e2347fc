// One-time passes for a terminal's WebSocket. A browser's WebSocket cannot send the launch token
// in an Authorization header, and the token must never travel in a URL (logs, history), so an
// authorized POST gets a random ticket that opens one terminal, once, within a short time.
import { randomBytes } from "node:crypto";
import { terminalTicketLifetimeMs } from "@turnkey/contracts";

export interface TicketTarget {
  terminalId: string;
  /** The folder the terminal's opencode instance works in. */
  directory: string;
}

export class TerminalTickets {
  private readonly open = new Map<string, TicketTarget & { expiresAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = terminalTicketLifetimeMs,
  ) {}

  issue(target: TicketTarget): string {
    this.sweep();
    const ticket = randomBytes(32).toString("base64url");
    this.open.set(ticket, { ...target, expiresAt: this.now() + this.lifetimeMs });
    return ticket;
  }

  /** The ticket's terminal, or null when it is unknown, used or expired; a ticket works once. */
  redeem(ticket: string): TicketTarget | null {
    const found = this.open.get(ticket);
    if (!found) return null;
    this.open.delete(ticket);
    if (found.expiresAt <= this.now()) return null;
    return { terminalId: found.terminalId, directory: found.directory };
  }

  /** Unused tickets past their time go, so the map stays as small as the tickets in flight. */
  private sweep(): void {
    const now = this.now();
    for (const [ticket, target] of this.open) if (target.expiresAt <= now) this.open.delete(ticket);
  }
}
