// The local console account is read once per run of OpenCode, but a failed read is not kept: a
// busy database at the first look used to hide sharing ("could not check") until OpenCode restarted.
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { expect, it } from "vitest";
import type { ConsoleAccount } from "./consoleAccount.ts";
import { ShareService } from "./shareService.ts";

it("reads the console account again after a failed read, and keeps a good one for the run", async () => {
  const supervisor = { connection: () => ({ generation: 1 }) } as unknown as SidecarSupervisor;
  const account = { email: "me@acme.example" } as unknown as ConsoleAccount;
  let reads = 0;
  const service = new ShareService(
    supervisor,
    async () => undefined,
    {},
    async () => {
      reads += 1;
      if (reads === 1) throw new Error("database is locked");
      return account;
    },
  );
  // The one reader of this cache is state(), which needs a running OpenCode; its cache is read directly.
  const local = (fresh: boolean) =>
    (service as unknown as { localAccount(fresh: boolean): Promise<ConsoleAccount | null> }).localAccount(fresh);
  await expect(local(false)).rejects.toThrow("database is locked");
  expect(await local(false)).toBe(account);
  expect(await local(false)).toBe(account);
  expect(reads).toBe(2);
});
