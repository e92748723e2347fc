import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { maskSecretShapes, Redactor } from "./redact.ts";

const mint = () => randomBytes(32).toString("base64url");
const secret = (n: number) => `secret-number-${n}-`.padEnd(43, "x");
const basic = (s: string) => Buffer.from(`opencode:${s}`).toString("base64");

describe("Redactor", () => {
  it("masks a password and its basic-auth form", () => {
    const redactor = new Redactor();
    redactor.add(secret(1));
    expect(redactor.redact(`pw ${secret(1)} auth Basic ${basic(secret(1))}`)).toBe(
      "pw [redacted] auth Basic [redacted]",
    );
  });

  it("keeps only the most recent passwords, so a thousand restarts cost no more than a few", () => {
    const redactor = new Redactor(3);
    for (let n = 1; n <= 1000; n++) redactor.add(secret(n));
    const line = [998, 999, 1000].map(secret).join(" ");
    expect(redactor.redact(line)).toBe("[redacted] [redacted] [redacted]");
    expect(redactor.redact(secret(997))).toBe(secret(997)); // long dead: forgotten
    expect(redactor.redact(basic(secret(997)))).toBe(basic(secret(997)));
  });

  it("with no capacity limit masks every password ever added, alone, inside longer runs, in JSON and as basic auth", () => {
    const token = 'launch token with "quotes" & spaces';
    const redactor = new Redactor({ capacity: Number.POSITIVE_INFINITY, secrets: [token] });
    const passwords = Array.from({ length: 500 }, mint);
    for (const p of passwords) redactor.add(p);
    const first = passwords[0]!;
    const text = JSON.stringify({
      env: `OPENCODE_SERVER_PASSWORD=${first}\nX=abc_${passwords[250]}_def`,
      auth: `Authorization: Basic ${basic(first)}`,
      token,
      url: `/?token=${encodeURIComponent(token)}`,
    });
    const out = redactor.redact(text);
    for (const s of [
      first,
      passwords[250]!,
      basic(first),
      token,
      JSON.stringify(token).slice(1, -1),
      encodeURIComponent(token),
    ])
      expect(out).not.toContain(s);
    expect(out).toContain("abc_[redacted]_def");
    expect(out).toContain("OPENCODE_SERVER_PASSWORD=[redacted]");
  });

  it("masks keys added later, of any length, and leaves other text alone, look-alike runs included", () => {
    const redactor = new Redactor({ secrets: ["the-launch-token-0123456789"] });
    redactor.add(mint());
    redactor.addSecret("sk-ant-api03-a-provider-key");
    redactor.addSecret("short"); // too short to mask without eating words
    const text = `${mint()} ${"a".repeat(200)} b3BlbmNvZGU6${"A".repeat(60)} plain short words`;
    expect(redactor.redact(text)).toBe(text);
    expect(redactor.redact("key=sk-ant-api03-a-provider-key;")).toBe("key=[redacted];");
  });
});

describe("maskSecretShapes", () => {
  it("masks what looks like a key, a secret-named JSON field or an auth header", () => {
    expect(
      maskSecretShapes('a sk-abcdefghijkl b {"apiKey": "v1", "x_token":"v2"} Authorization: Bearer abcdefghijk'),
    ).toBe('a [redacted] b {"apiKey": "[redacted]", "x_token":"[redacted]"} Authorization: Bearer [redacted]');
  });

  it("blanks every field contracts' secretName names, and no other", () => {
    const fields = { privateKey: "p-1", awsCredentials: "c-1", client_secret: "s-1", keybinds: "k-1", model: "m-1" };
    expect(maskSecretShapes(JSON.stringify(fields))).toBe(
      '{"privateKey":"[redacted]","awsCredentials":"[redacted]","client_secret":"[redacted]","keybinds":"k-1","model":"m-1"}',
    );
  });
});
