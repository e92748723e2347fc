// The 24-bit colour rewrite the terminal applies to its output stream (trueColor.ts).
import { describe, expect, it } from "vitest";
import { downgradeSgrParameters, nearestPaletteIndex, TrueColorDowngrade } from "./trueColor.ts";

const esc = "\u001b";

describe("24-bit colours become palette colours", () => {
  it("picks the nearest cube colour or grey", () => {
    expect(nearestPaletteIndex([0, 0, 0])).toBe(16);
    expect(nearestPaletteIndex([255, 255, 255])).toBe(231);
    expect(nearestPaletteIndex([255, 0, 0])).toBe(196);
    expect(nearestPaletteIndex([10, 200, 30])).toBe(40);
    expect(nearestPaletteIndex([128, 128, 128])).toBe(244); // grey 128 is nearer than cube 135
  });

  it("rewrites foreground and background, semicolon and colon forms, and keeps the rest", () => {
    expect(downgradeSgrParameters("1;38;2;255;0;0;48;2;0;0;0;4")).toBe("1;38;5;196;48;5;16;4");
    expect(downgradeSgrParameters("38:2::255:0:0")).toBe("38;5;196");
    expect(downgradeSgrParameters("48:2:0:0:0")).toBe("48;5;16");
    expect(downgradeSgrParameters("38;5;40;58;2;1;2;3")).toBe("38;5;40;58;2;1;2;3");
  });

  it("leaves other output alone and joins a sequence cut between chunks", () => {
    const stream = new TrueColorDowngrade();
    expect(stream.push(`plain ${esc}[31mred${esc}[0m`)).toBe(`plain ${esc}[31mred${esc}[0m`);
    expect(stream.push(`a${esc}[38;2;25`)).toBe("a");
    expect(stream.push(`5;0;0mB`)).toBe(`${esc}[38;5;196mB`);
    expect(stream.push(`${esc}`)).toBe("");
    expect(stream.push(`]0;title\u0007x`)).toBe(`${esc}]0;title\u0007x`);
  });
});
