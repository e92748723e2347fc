// Everything that leaves the backend over HTTP (JSON answers, SSE frames) passes through here, so
// no answer, chat event or log line can carry the launch token or any sidecar password this
// backend made. The supervisor's own redactor (logs) keeps only recent passwords, which is right
// for output of a live sidecar; stored data is another matter: opencode's database keeps every
// message forever, and a password that once reached a tool's output (before the secrets plugin,
// or if it ever failed to load) would come back in `GET /messages` long after its sidecar died.
// So this one remembers every password that ever served requests (learned when its sidecar
// became running: a sidecar that never ran cannot have run a tool, and its own output lines are
// covered by the supervisor's redactor), and it costs O(text), not O(text × passwords): a
// password is 43 base64url characters, so only runs of at least 43 such characters are looked
// up in a set, and its basic-auth form always starts with base64("opencode:"). Memory: about
// 120 bytes per sidecar start.
import { redactedMark } from "@turnkey/sidecar";

const passwordLength = 43;
const candidateRuns = /[A-Za-z0-9_-]{43,}/g;
/** base64("opencode:"): 9 bytes, so exactly 12 characters, and the password's own part follows. */
const basicPrefix = Buffer.from("opencode:").toString("base64");
const basicLength = Buffer.from(`opencode:${"x".repeat(passwordLength)}`).toString("base64").length;

export class OutwardRedactor {
  private readonly passwords = new Set<string>();
  private readonly basicForms = new Set<string>();
  private readonly fixed: string[];

  constructor(
    fixedSecrets: string[],
    private readonly inner: (text: string) => string = (t) => t,
  ) {
    // The token as sent, and as it looks inside JSON and inside a URL.
    const forms = fixedSecrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);
    this.fixed = [...new Set(forms)].filter((s) => s.length >= 8);
  }

  addPassword(password: string): void {
    if (password.length !== passwordLength) {
      this.fixed.push(password);
      return;
    }
    this.passwords.add(password);
    this.basicForms.add(Buffer.from(`opencode:${password}`).toString("base64"));
  }

  redact(text: string): string {
    let out = this.inner(text);
    if (this.passwords.size > 0) {
      out = out.replace(candidateRuns, (run) => this.redactRun(run));
      if (out.includes(basicPrefix)) out = this.redactBasic(out);
    }
    for (const secret of this.fixed) if (out.includes(secret)) out = out.split(secret).join(redactedMark);
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
