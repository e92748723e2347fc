import { describe, expect, it } from "vitest";
import { distinctTail } from "./lines.ts";

describe("distinctTail", () => {
  it("shows a line printed again and again once, where it last appeared", () => {
    const output = [
      "booting",
      "error: database locked",
      "retrying",
      "error: database locked",
      "error: database locked",
    ];
    expect(distinctTail(output, 5)).toEqual(["booting", "retrying", "error: database locked"]);
    expect(distinctTail(output, 2)).toEqual(["retrying", "error: database locked"]);
    expect(distinctTail(["", "  "], 5)).toEqual([]);
  });
});
