// Draws every icon from one source: a rounded tile with a terminal prompt, and for the tray a
// status dot per state, and a variant of each with a badge (top right) while the agent waits for
// the user: Windows' tray has no badge of its own, so the icon carries it. Rendered with signed-distance shapes and written as PNG (and a
// multi-size ICO for Windows) by hand: a few dozen lines instead of a native image library, and
// byte-for-byte deterministic, so a test can check the committed icons are current.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { isMain } from "./isMain.ts";

type RGBA = [number, number, number, number];

const tile: RGBA = [11, 92, 213, 255];
const ink: RGBA = [255, 255, 255, 255];
export const trayStates = {
  running: [26, 158, 64, 255],
  starting: [56, 139, 253, 255],
  warning: [214, 150, 0, 255],
  stopped: [140, 149, 159, 255],
  failed: [218, 54, 51, 255],
} satisfies Record<string, RGBA>;
/** The "waiting for you" badge: a colour no state dot uses. */
const badge: RGBA = [200, 40, 160, 255];

const roundedBox = (x: number, y: number, cx: number, cy: number, half: number, r: number) => {
  const qx = Math.abs(x - cx) - half + r;
  const qy = Math.abs(y - cy) - half + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const segment = (x: number, y: number, ax: number, ay: number, bx: number, by: number) => {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t);
};

/** Renders at `size` px; shapes are laid out on a 32-unit grid. */
export function renderIcon(size: number, dot: RGBA | null, waiting = false): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const unit = size / 32;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / unit;
      const y = (py + 0.5) / unit;
      const layers: [number, RGBA][] = [
        [roundedBox(x, y, 16, 16, 15, 6.5), tile],
        [Math.min(segment(x, y, 8.5, 10.5, 14, 16), segment(x, y, 14, 16, 8.5, 21.5)) - 1.7, ink],
      ];
      // The prompt's underscore; in the tray the status dot takes its place.
      if (!dot) layers.push([segment(x, y, 16.5, 21.5, 23.5, 21.5) - 1.7, ink]);
      if (dot)
        layers.push([Math.hypot(x - 25, y - 25) - 7, [255, 255, 255, 255]], [Math.hypot(x - 25, y - 25) - 5.5, dot]);
      if (waiting)
        layers.push([Math.hypot(x - 25, y - 7) - 6.5, [255, 255, 255, 255]], [Math.hypot(x - 25, y - 7) - 5, badge]);
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const [distance, color] of layers) {
        // Distance in pixels → one pixel of antialiasing at every size.
        const cover = Math.max(0, Math.min(1, 0.5 - distance * unit)) * (color[3] / 255);
        r = color[0] * cover + r * (1 - cover);
        g = color[1] * cover + g * (1 - cover);
        b = color[2] * cover + b * (1 - cover);
        a = cover + a * (1 - cover);
      }
      const i = (py * size + px) * 4;
      // Colours were blended premultiplied against transparent; PNG wants them straight.
      pixels[i] = a > 0 ? Math.round(r / a) : 0;
      pixels[i + 1] = a > 0 ? Math.round(g / a) : 0;
      pixels[i + 2] = a > 0 ? Math.round(b / a) : 0;
      pixels[i + 3] = Math.round(a * 255);
    }
  }
  return encodePng(size, size, pixels);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A Windows .ico holding PNG images (supported since Vista). */
export function encodeIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

export const appIconSizes = [16, 24, 32, 48, 64, 128, 256];
/**
 * The tray on Windows takes an .ico holding each size the taskbar may ask for at 100–300 % scaling
 * (Electron's Tray docs: "On Windows it is recommended to use ICO icons to get best visual effects").
 */
export const trayIcoSizes = [16, 20, 24, 32, 40, 48];

/** Every icon file, by name. */
export function allIcons(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const app = appIconSizes.map((size) => ({ size, png: renderIcon(size, null) }));
  files.set("app.ico", encodeIco(app));
  files.set("app.png", renderIcon(512, null));
  for (const [state, color] of Object.entries(trayStates)) {
    for (const waiting of [false, true]) {
      const name = `tray-${state}${waiting ? "-waiting" : ""}`;
      files.set(`${name}.png`, renderIcon(16, color, waiting));
      files.set(`${name}@2x.png`, renderIcon(32, color, waiting));
      files.set(
        `${name}.ico`,
        encodeIco(trayIcoSizes.map((size) => ({ size, png: renderIcon(size, color, waiting) }))),
      );
    }
  }
  return files;
}

export const iconsDir = join(import.meta.dirname, "..", "resources", "icons");

if (isMain(import.meta)) {
  mkdirSync(iconsDir, { recursive: true });
  for (const [name, data] of allIcons()) writeFileSync(join(iconsDir, name), data);
  process.stderr.write(`Wrote ${allIcons().size} icons to ${iconsDir}\n`);
}
