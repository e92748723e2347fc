/// <reference lib="dom" />
// @vitest-environment happy-dom
// Disabled buttons look disabled whatever their kind: the stylesheet's cascade, checked on real
// elements. happy-dom does not resolve our colour variables, so this checks what it resolves: a
// disabled primary button is dimmed and refuses the pointer, an enabled one is not.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

it("a disabled button is dimmed and shows it cannot be clicked, also a primary one", () => {
  const style = document.createElement("style");
  style.textContent = readFileSync(join(import.meta.dirname, "..", "src", "styles.css"), "utf8");
  document.head.append(style);
  document.body.innerHTML = `
    <button type="button" class="primary" id="on">Start</button>
    <button type="button" class="primary" id="off" disabled>Stop</button>
    <button type="button" class="danger" id="danger" disabled>Delete</button>`;
  const on = getComputedStyle(document.getElementById("on")!);
  for (const id of ["off", "danger"]) {
    const off = getComputedStyle(document.getElementById(id)!);
    expect(off.cursor).toBe("not-allowed");
    expect(off.opacity).toBe("0.7");
  }
  expect(on.cursor).not.toBe("not-allowed");
  expect(on.opacity).not.toBe("0.7");
});
