// The one redactor: every line the supervisor keeps (ring buffer, log files, events), every answer
// and event the backend sends, the diagnostics bundle and the desktop's log pass through one of
// these, so no secret that shows up in opencode's output, a tool's output or an error message is
// ever shown or stored. It knows two kinds of secret:
//   - passwords (one per sidecar start): plain and in basic-auth form. The supervisor keeps only a
//     few recent ones (only a live or just-dead sidecar prints its own); the outward redactor keeps
//     every one that served, because opencode's database keeps messages for ever. Cost is O(text)
//     however many: a minted password is 43 base64url characters, so only runs of at least 43 such
//     characters are looked up in a set, and a basic-auth form always starts with
//     base64("opencode:"). About 120 bytes per password.
//   - other secrets (the launch token, provider keys): plain, as inside JSON, and URL-encoded.
// `maskSecretShapes` adds what no list knows: text shaped like a key (sk-…, "apiKey": "…", a
// Bearer or Basic header), for the diagnostics bundle that leaves the machine.
import { secretName } from "@turnkey/contracts";

export const redactedMark = "[redacted]";

/** Passwords remembered by default: the live sidecar's, and a few of recent, dead generations. */
export const defaultRedactorCapacity = 8;

const passwordLength = 43;
const candidateRuns = /[A-Za-z0-9_-]{43,}/g;
/** base64("opencode:"): 9 bytes, so exactly 12 characters, and the password's own part follows. */
const basicPrefix = Buffer.from("opencode:").toString("base64");
const basicLength = Buffer.from(`opencode:${"x".repeat(passwordLength)}`).toString("base64").length;
/** Shorter strings would redact ordinary words. */
const minSecretLength = 8;

const basicForm = (password: string) => Buffer.from(`opencode:${password}`).toString("base64");
const splitJoin = (text: string, secret: string) =>
  text.includes(secret) ? text.split(secret).join(redactedMark) : text;

export interface RedactorOptions {
  /** How many passwords to remember, oldest forgotten first (default 8; Infinity: all). */
  capacity?: number;
  /** Secrets known from the start (the launch token). */
  secrets?: string[];
}

export class Redactor {
  /** Minted passwords (43 characters), oldest first, each with its basic-auth form. */
  private readonly passwords = new Map<string, string>();
  private readonly basicForms = new Set<string>();
  /** Everything else: odd-length passwords with their basic forms, tokens, keys, in all forms. */
  private readonly fixed = new Set<string>();
  private readonly capacity: number;

  constructor(options: RedactorOptions | number = {}) {
    const resolved = typeof options === "number" ? { capacity: options } : options;
    this.capacity = resolved.capacity ?? defaultRedactorCapacity;
    for (const secret of resolved.secrets ?? []) this.addSecret(secret);
  }

  /** A sidecar password. */
  add(password: string): void {
    if (password.length < minSecretLength) return;
    if (password.length !== passwordLength) {
      this.fixed.add(password);
      this.fixed.add(basicForm(password));
      return;
    }
    this.passwords.delete(password);
    this.passwords.set(password, basicForm(password));
    this.basicForms.add(basicForm(password));
    while (this.passwords.size > this.capacity) {
      const [oldest, basic] = this.passwords.entries().next().value as [string, string];
      this.passwords.delete(oldest);
      this.basicForms.delete(basic);
    }
  }

  /** A token or key: masked as sent, as it looks inside JSON, and inside a URL. */
  addSecret(secret: string): void {
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])
      if (form.length >= minSecretLength) this.fixed.add(form);
  }

  redact(text: string): string {
    let out = text;
    if (this.passwords.size > 0) {
      out = out.replace(candidateRuns, (run) => this.redactRun(run));
      if (out.includes(basicPrefix)) out = this.redactBasic(out);
    }
    for (const secret of this.fixed) out = splitJoin(out, secret);
    return out;
  }

  private redactRun(run: string): string {
    if (run.length === passwordLength) return this.passwords.has(run) ? redactedMark : run;
    let out = "";
    let kept = 0;
    for (let i = 0; i + passwordLength <= run.length; ) {
      if (this.passwords.has(run.slice(i, i + passwordLength))) {
        out += run.slice(kept, i) + redactedMark;
        i += passwordLength;
        kept = i;
      } else i++;
    }
    return out + run.slice(kept);
  }

  private redactBasic(text: string): string {
    let out = "";
    let kept = 0;
    for (let at = text.indexOf(basicPrefix); at >= 0; at = text.indexOf(basicPrefix, at + 1)) {
      if (at < kept) continue;
      if (this.basicForms.has(text.slice(at, at + basicLength))) {
        out += text.slice(kept, at) + redactedMark;
        kept = at + basicLength;
      }
    }
    return out + text.slice(kept);
  }
}

/** Text shaped like a secret: API keys, auth headers, `"apiKey": "…"` fragments (secretName's rule). */
export function maskSecretShapes(text: string): string {
  return text
    .replace(/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}/g, redactedMark)
    .replace(/("([A-Za-z0-9_.-]+)"\s*:\s*)"(?:[^"\\]|\\.)*"/g, (field, head: string, name: string) =>
      secretName(name) ? `${head}"${redactedMark}"` : field,
    )
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${redactedMark}`);
}
