// Every line that leaves the supervisor (ring buffer, log files, events) passes through here, so
// a secret that shows up in opencode's output or an error message is never shown or stored.
export const redactedMark = "[redacted]";

export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    // Short strings would redact ordinary words; every secret we mint is 43 characters.
    if (secret.length >= 8) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(redactedMark);
      // The basic-auth form of a password is as secret as the password itself.
      const encoded = Buffer.from(`opencode:${secret}`).toString("base64");
      if (out.includes(encoded)) out = out.split(encoded).join(redactedMark);
    }
    return out;
  }
}
