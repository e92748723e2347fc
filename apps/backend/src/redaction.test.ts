import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { OutwardRedactor } from "./redaction.ts";

const mint = () => randomBytes(32).toString("base64url");

describe("outward redaction", () => {
  it("masks every password ever added, alone, inside longer runs, in JSON and as basic auth", () => {
    const token = 'launch token with "quotes" & spaces';
    const redactor = new OutwardRedactor([token]);
    const passwords = Array.from({ length: 500 }, mint);
    for (const p of passwords) redactor.addPassword(p);
    const first = passwords[0]!;
    const basic = Buffer.from(`opencode:${first}`).toString("base64");
    const text = JSON.stringify({
      env: `OPENCODE_SERVER_PASSWORD=${first}\nX=abc_${passwords[250]}_def`,
      auth: `Authorization: Basic ${basic}`,
      token,
      url: `/?token=${encodeURIComponent(token)}`,
    });
    const out = redactor.redact(text);
    for (const secret of [
      first,
      passwords[250]!,
      basic,
      token,
      JSON.stringify(token).slice(1, -1),
      encodeURIComponent(token),
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain("abc_[redacted]_def");
    expect(out).toContain("OPENCODE_SERVER_PASSWORD=[redacted]");
  });

  it("leaves other text alone, including look-alike runs of the same length", () => {
    const redactor = new OutwardRedactor(["the-launch-token-0123456789"]);
    redactor.addPassword(mint());
    const text = `${mint()} ${"a".repeat(200)} b3BlbmNvZGU6${"A".repeat(60)} plain words`;
    expect(redactor.redact(text)).toBe(text);
  });

  it("runs the inner redactor (recent passwords, log rules) first", () => {
    const redactor = new OutwardRedactor([], (t) => t.replace("inner-secret", "[redacted]"));
    expect(redactor.redact("x inner-secret y")).toBe("x [redacted] y");
  });
});
