// A second change under the same key is refused while the first runs, another key is not, and a
// change that failed frees its key (a failed push must not leave the project's git refused).
import { expect, it } from "vitest";
import { OneAtATime } from "./oneAtATime.ts";

it("refuses a second change under a busy key only, and frees the key when the first ends, failed or not", async () => {
  const changes = new OneAtATime<string>(() => new Error("wait for it"));
  let finish: () => void = () => undefined;
  const first = changes.run("a", () => new Promise<string>((resolve) => (finish = () => resolve("first"))));
  await expect(changes.run("a", async () => "second")).rejects.toThrow("wait for it");
  expect(await changes.run("b", async () => "other folder")).toBe("other folder");
  finish();
  expect(await first).toBe("first");
  await expect(changes.run("a", async () => Promise.reject(new Error("push failed")))).rejects.toThrow("push failed");
  expect(await changes.run("a", async () => "after the failure")).toBe("after the failure");
});
