import { describe, expect, it } from "vitest";
import { Redactor } from "./redact.ts";

const secret = (n: number) => `secret-number-${n}-${"x".repeat(30)}`;
const basic = (s: string) => Buffer.from(`opencode:${s}`).toString("base64");

describe("Redactor", () => {
  it("masks a secret and its basic-auth form", () => {
    const redactor = new Redactor();
    redactor.add(secret(1));
    expect(redactor.redact(`pw ${secret(1)} auth Basic ${basic(secret(1))}`)).toBe(
      "pw [redacted] auth Basic [redacted]",
    );
  });

  it("keeps only the most recent secrets, so a thousand restarts cost no more than a few", () => {
    const redactor = new Redactor(3);
    for (let n = 1; n <= 1000; n++) redactor.add(secret(n));
    const line = [998, 999, 1000].map(secret).join(" ");
    expect(redactor.redact(line)).toBe("[redacted] [redacted] [redacted]");
    expect(redactor.redact(secret(997))).toBe(secret(997)); // long dead: forgotten
  });
});
