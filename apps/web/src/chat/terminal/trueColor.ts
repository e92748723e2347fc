// 24-bit colours (SGR `38;2;r;g;b`, `48;2;r;g;b`, and the `38:2::r:g:b` colon forms) become the
// nearest of the 256 palette colours before xterm sees them. xterm's DOM renderer draws a 24-bit
// colour as a `style` attribute on the cell (DomRendererRowFactory `_addStyle`), which the page's
// CSP (`style-src 'self'`) refuses: the colour was lost and each cell logged a console error. The
// palette colours are classes of the theme stylesheet (constructedStyles.ts), which CSP allows.
// Underline colours (58) are set through CSSOM by xterm and pass untouched.

const cubeLevels = [0, 95, 135, 175, 215, 255];

/** xterm-256's colour cube step nearest to one channel. */
const cubeStep = (value: number) => (value < 48 ? 0 : value < 115 ? 1 : Math.min(5, Math.floor((value - 35) / 40)));

const distance = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + (value - (b[i] ?? 0)) ** 2, 0);

/** The index (16–255) of the palette colour nearest to `rgb`: a cube colour or a grey. */
export function nearestPaletteIndex(rgb: [number, number, number]): number {
  const steps = rgb.map(cubeStep);
  const cube = steps.map((step) => cubeLevels[step] ?? 0);
  const average = (rgb[0] + rgb[1] + rgb[2]) / 3;
  const greyStep = Math.max(0, Math.min(23, Math.round((average - 8) / 10)));
  const grey = 8 + 10 * greyStep;
  const cubeIndex = 16 + 36 * (steps[0] ?? 0) + 6 * (steps[1] ?? 0) + (steps[2] ?? 0);
  return distance([grey, grey, grey], rgb) < distance(cube, rgb) ? 232 + greyStep : cubeIndex;
}

const channel = (text: string | undefined) => Math.max(0, Math.min(255, Number.parseInt(text ?? "0", 10) || 0));

/** An SGR parameter list with every 24-bit foreground or background colour made a palette one. */
export function downgradeSgrParameters(parameters: string): string {
  const items = parameters.split(";");
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] ?? "";
    const colon = item.split(":");
    if ((colon[0] === "38" || colon[0] === "48") && colon[1] === "2") {
      // 38:2:<colour space>:r:g:b, or without the colour space 38:2:r:g:b.
      const rgb = colon.length >= 6 ? colon.slice(3, 6) : colon.slice(2, 5);
      out.push(`${colon[0]};5;${nearestPaletteIndex([channel(rgb[0]), channel(rgb[1]), channel(rgb[2])])}`);
    } else if ((item === "38" || item === "48") && items[i + 1] === "2") {
      out.push(
        `${item};5;${nearestPaletteIndex([channel(items[i + 2]), channel(items[i + 3]), channel(items[i + 4])])}`,
      );
      i += 4;
    } else out.push(item);
  }
  return out.join(";");
}

/** The longest escape sequence held back for the next chunk; longer ones pass as they are. */
const heldLimit = 64;

const esc = "\u001b";
/** An escape, or a CSI sequence not finished yet, at the end of a chunk. */
const unfinished = new RegExp(`${esc}(\\[[0-9;:]*)?$`);
/** A complete SGR sequence (`ESC [ … m`) and its parameters. */
const sgr = new RegExp(`${esc}\\[([0-9;:]*)m`, "g");

/** Rewrites a terminal's output stream chunk by chunk; a sequence cut between chunks waits for its end. */
export class TrueColorDowngrade {
  private held = "";

  push(chunk: string): string {
    let text = this.held + chunk;
    this.held = "";
    const cut = unfinished.exec(text);
    if (cut && cut[0].length < heldLimit) {
      this.held = cut[0];
      text = text.slice(0, cut.index);
    }
    return text.replace(sgr, (whole, parameters: string) =>
      /(^|;)[34]8[;:]2/.test(parameters) ? `${esc}[${downgradeSgrParameters(parameters)}m` : whole,
    );
  }
}
