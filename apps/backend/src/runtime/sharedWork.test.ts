// One download per version: callers share it, one caller letting go leaves it running for the
// others, and it is aborted once the last one lets go.
import { expect, it } from "vitest";
import { SharedWork } from "./sharedWork.ts";

/** Work that ends when `finish` is called, or rejects when its signal aborts; counts its starts. */
function download() {
  const control: { starts: number; aborted: boolean; finish: (value: string) => void } = {
    starts: 0,
    aborted: false,
    finish: () => undefined,
  };
  const work = (signal: AbortSignal) => {
    control.starts++;
    return new Promise<string>((resolve, reject) => {
      control.finish = resolve;
      signal.addEventListener("abort", () => {
        control.aborted = true;
        reject(signal.reason);
      });
    });
  };
  return { control, work };
}

it("shares one run between callers; one letting go does not stop it for the other", async () => {
  const shared = new SharedWork<string>();
  const { control, work } = download();
  const stop = new AbortController();
  const first = shared.run("2.0.0", work, stop.signal);
  const second = shared.run("2.0.0", work, new AbortController().signal);
  stop.abort();
  await expect(first).rejects.toMatchObject({ name: "AbortError" }); // let go at once
  await new Promise((resolve) => setImmediate(resolve)); // past the turn in which it could be aborted
  expect(control.aborted).toBe(false);
  control.finish("installed");
  expect(await second).toBe("installed");
  expect(control.starts).toBe(1);
  expect(shared.join("2.0.0")).toBeNull(); // done: the next caller starts anew
});

it("aborts the run once every caller has let go, unless one joins in the same turn", async () => {
  const shared = new SharedWork<string>();
  const { control, work } = download();
  const a = new AbortController();
  const b = new AbortController();
  const first = shared.run("2.0.0", work, a.signal);
  a.abort();
  const second = shared.join("2.0.0", b.signal); // a Restart: the newer start joins in this turn
  expect(second).not.toBeNull();
  await expect(first).rejects.toMatchObject({ name: "AbortError" });
  b.abort();
  await expect(second).rejects.toMatchObject({ name: "AbortError" });
  await new Promise((resolve) => setImmediate(resolve));
  expect(control.aborted).toBe(true);
  expect(control.starts).toBe(1);
  expect(shared.join("2.0.0")).toBeNull();
});
