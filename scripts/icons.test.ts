import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allIcons, appIconSizes, iconsDir, trayIcoSizes, trayStates } from "./icons.ts";

const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe("icons", () => {
  it("the committed icons are exactly what the generator draws (run `npm run icons` after a change)", () => {
    for (const [name, data] of allIcons()) {
      expect(readFileSync(join(iconsDir, name)).equals(data), name).toBe(true);
    }
  });

  it("has a tray icon per state, with and without the waiting badge, at 1x and 2x, and as an .ico for Windows", () => {
    for (const state of Object.keys(trayStates).flatMap((s) => [s, `${s}-waiting`])) {
      const ico = readFileSync(join(iconsDir, `tray-${state}.ico`));
      expect([ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([1, trayIcoSizes.length]);
      expect(pngSize(readFileSync(join(iconsDir, `tray-${state}.png`)))).toEqual([16, 16]);
      expect(pngSize(readFileSync(join(iconsDir, `tray-${state}@2x.png`)))).toEqual([32, 32]);
    }
  });

  it("app.ico holds every Windows size as PNG", () => {
    const ico = readFileSync(join(iconsDir, "app.ico"));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => {
      const entry = 6 + 16 * i;
      const offset = ico.readUInt32LE(entry + 12);
      const png = ico.subarray(offset, offset + ico.readUInt32LE(entry + 8));
      expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
      return pngSize(png)[0];
    });
    expect(sizes).toEqual(appIconSizes);
  });
});
