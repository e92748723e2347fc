// Every line that leaves the supervisor (ring buffer, log files, events) passes through here, so
// a secret that shows up in opencode's output or an error message is never shown or stored.
// Only the most recent secrets are kept: a password is minted per start, and only a sidecar that
// still runs (or has just died) can print its own; keeping every one ever made grew memory and
// the cost of each line with every restart.
export const redactedMark = "[redacted]";

/** Secrets remembered: the live sidecar's, and a few of recent, dead generations. */
export const defaultRedactorCapacity = 8;

export class Redactor {
  /** Each secret with its basic-auth form (as secret as the password itself), oldest first. */
  private readonly secrets = new Map<string, string>();

  constructor(private readonly capacity = defaultRedactorCapacity) {}

  add(secret: string): void {
    // Short strings would redact ordinary words; every secret we mint is 43 characters.
    if (secret.length < 8) return;
    this.secrets.delete(secret);
    this.secrets.set(secret, Buffer.from(`opencode:${secret}`).toString("base64"));
    while (this.secrets.size > this.capacity) {
      const oldest = this.secrets.keys().next().value;
      if (oldest === undefined) break;
      this.secrets.delete(oldest);
    }
  }

  redact(text: string): string {
    let out = text;
    for (const [secret, encoded] of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(redactedMark);
      if (out.includes(encoded)) out = out.split(encoded).join(redactedMark);
    }
    return out;
  }
}
