// A pasted code whose check fails on OpenCode's or the provider's side (a 5xx, no answer) is not
// the person's code being refused: it answers 502 provider_unreachable, and the sign-in keeps
// waiting for the same code; a code the provider refuses stays 400 sign_in_refused. A device
// sign-in approved after its cancel puts back what the provider had (opencode wrote over it).
import type { Auth } from "@opencode-ai/sdk/v2";
import type { ProviderConnection } from "@turnkey/contracts";
import { describe, expect, it, vi } from "vitest";
import { callSignal } from "../chat/callSignal.ts";
import type { ProviderAuthError, ProviderConnections } from "./providerConnections.ts";
import { ProviderSignIns } from "./providerSignIns.ts";

const provider: ProviderConnection = {
  id: "acme",
  name: "Acme",
  connected: false,
  via: null,
  envSet: [],
  signIn: [{ index: 0, label: "Sign in with a code", prompts: [] }],
  acceptsKey: true,
};

it("says a pasted code could not be checked (502) apart from a code the provider refused (400), by opencode's error name first", async () => {
  const answers: unknown[] = [
    { error: { name: "UnknownError" }, response: { status: 500 } },
    { error: { name: "ProviderAuthOauthCallbackFailed" }, response: { status: 400 } },
    // The same refusal from a route of opencode's that answers a named error with 500.
    { error: { name: "ProviderAuthOauthCallbackFailed" }, response: { status: 500 } },
    { error: { name: "ProviderAuthOauthMissing" }, response: { status: 500 } },
  ];
  const client = {
    provider: {
      oauth: {
        authorize: async () => ({ data: { url: "https://acme.example/login", method: "code", instructions: "" } }),
        callback: async () => answers.shift(),
      },
    },
  };
  const connections = {
    list: async () => ({ providers: [provider] }),
    handle: () => ({ client }),
  } as unknown as ProviderConnections;
  const signIns = new ProviderSignIns(connections, async () => undefined);
  await signIns.start("acme", 0, undefined);
  const failed = (code: string) =>
    signIns.code("acme", code).then(
      () => {
        throw new Error("the code was taken");
      },
      (error: unknown) => error as ProviderAuthError,
    );

  const unreachable = await failed("ABC");
  expect(unreachable).toMatchObject({ code: "provider_unreachable", httpStatus: 502 });
  expect(unreachable.message).toMatch(/^Could not reach Acme to finish the sign-in/);
  expect(signIns.state("acme")?.state).toBe("waiting");
  expect(await failed("ABC")).toMatchObject({ code: "sign_in_refused", httpStatus: 400 });
  expect(await failed("ABC")).toMatchObject({ code: "sign_in_refused", httpStatus: 400 });
  expect(signIns.state("acme")?.state).toBe("waiting");
  // OpenCode restarted and no longer has the sign-in: it ends, rather than waiting for a code that cannot work.
  expect(await failed("ABC")).toMatchObject({ code: "no_sign_in", httpStatus: 409 });
  expect(signIns.state("acme")).toMatchObject({ state: "failed", error: expect.stringMatching(/no longer waiting/) });
});

it("ends a code sign-in whose time is up: its state says so and a code is no longer taken", async () => {
  let now = 0;
  const client = {
    provider: {
      oauth: {
        authorize: async () => ({ data: { url: "https://acme.example/login", method: "code", instructions: "" } }),
        callback: async () => ({ data: true }),
      },
    },
  };
  const connections = {
    list: async () => ({ providers: [provider] }),
    handle: () => ({ client }),
  } as unknown as ProviderConnections;
  const signIns = new ProviderSignIns(
    connections,
    async () => undefined,
    60_000,
    () => now,
  );
  await signIns.start("acme", 0, undefined);
  now = 60_000;
  expect(signIns.state("acme")?.state).toBe("waiting");
  now = 60_001;
  expect(signIns.state("acme")).toMatchObject({
    state: "failed",
    error: expect.stringMatching(/not finished within 1 minutes/),
  });
  await expect(signIns.code("acme", "ABC")).rejects.toMatchObject({
    code: "no_sign_in",
    message: expect.stringMatching(/not finished within 1 minutes/),
  });
});

describe("a device sign-in approved after its cancel", () => {
  /** An "auto" sign-in whose opencode wait ends when the test approves it; auth.json as a map. */
  function deviceSignIn(
    saved: Record<string, Auth>,
    options: { hangingAuth?: boolean; afterWaitMs?: number; changed?: () => Promise<void> } = {},
  ) {
    // One approval per sign-in started, in order: each stores its own tokens, as opencode does.
    const approvals: (() => void)[] = [];
    const client = {
      provider: {
        oauth: {
          authorize: async () => ({
            data: { url: "https://acme.example/device", method: "auto", instructions: "Enter code: ABCD-1234" },
          }),
          callback: () =>
            new Promise((resolve) => {
              const n = approvals.length;
              approvals.push(() => {
                const suffix = n === 0 ? "" : `-${n}`;
                saved.acme = { type: "oauth", access: `new-access${suffix}`, refresh: "new-refresh", expires: 1 };
                resolve({ data: true });
              });
            }),
        },
      },
      auth: {
        set: async ({ providerID, auth }: { providerID: string; auth: Auth }) => {
          // An OpenCode that never answers: only the request's deadline ends the call, as the SDK's fetch does.
          if (options.hangingAuth)
            return new Promise((_, reject) =>
              callSignal()?.addEventListener("abort", () => reject(new Error("aborted"))),
            );
          saved[providerID] = auth;
          return { data: true };
        },
        remove: async ({ providerID }: { providerID: string }) => {
          delete saved[providerID];
          return { data: true };
        },
      },
    };
    const connections = {
      list: async () => ({ providers: [{ ...provider, signIn: [{ index: 0, label: "Device", prompts: [] }] }] }),
      handle: () => ({ client }),
      savedCredential: (id: string) => saved[id] ?? null,
    } as unknown as ProviderConnections;
    const changed = options.changed ?? (async () => undefined);
    const signIns = new ProviderSignIns(connections, changed, undefined, undefined, options.afterWaitMs);
    const settled = () => vi.waitFor(() => expect(signIns.state("acme")?.error).not.toBeNull());
    return { signIns, approve: (n = 0) => approvals[n]?.(), settled };
  }

  it("puts back the earlier sign-in the provider had at the cancel", async () => {
    const earlier: Auth = { type: "oauth", access: "old-access", refresh: "old-refresh", expires: 1 };
    const saved: Record<string, Auth> = { acme: earlier };
    const { signIns, approve, settled } = deviceSignIn(saved);
    await signIns.start("acme", 0, undefined);
    signIns.cancel("acme");
    approve();
    await settled();
    expect(saved.acme).toEqual(earlier);
    expect(signIns.state("acme")?.error).toContain("Acme's earlier sign-in was put back");
    expect(JSON.stringify(signIns.state("acme"))).not.toContain("old-access"); // kept, never answered
  });

  it("says OpenCode could not undo it when it does not answer, within a deadline, and then stops waiting", async () => {
    const saved: Record<string, Auth> = { acme: { type: "api", key: "sk-old-0123456789" } };
    const { signIns, approve, settled } = deviceSignIn(saved, { hangingAuth: true, afterWaitMs: 50 });
    await signIns.start("acme", 0, undefined);
    expect(signIns.cancel("acme")?.lateApprovalPossible).toBe(true);
    approve();
    await settled();
    expect(signIns.state("acme")?.error).toContain("which could not be put back: press Disconnect");
    // The wait has ended: the key kept to put back is forgotten, and the window stops reading.
    await vi.waitFor(() => expect(signIns.state("acme")?.lateApprovalPossible).toBe(false));
  });

  it("leaves nothing when the person disconnected the provider after the cancel, said once OpenCode's folders read it", async () => {
    const saved: Record<string, Auth> = { acme: { type: "api", key: "sk-old-0123456789" } };
    // The window reads the providers when it sees the sentence: by then the folders must have reloaded.
    const saidBeforeReload: (string | null | undefined)[] = [];
    const { signIns, approve, settled } = deviceSignIn(saved, {
      changed: async () => {
        saidBeforeReload.push(signIns.state("acme")?.error);
      },
    });
    await signIns.start("acme", 0, undefined);
    signIns.cancel("acme");
    signIns.credentialSet("acme", null); // Disconnect, while the page is still open
    approve();
    await settled();
    expect(saved.acme).toBeUndefined();
    expect(signIns.state("acme")?.error).toContain("removed again");
    expect(saidBeforeReload).toEqual([null]);
  });

  it("puts back the earlier key when a key saved after the cancel failed to be stored", async () => {
    const earlier: Auth = { type: "api", key: "sk-earlier-0123456789" };
    const saved: Record<string, Auth> = { acme: earlier };
    const { signIns, approve, settled } = deviceSignIn(saved);
    await signIns.start("acme", 0, undefined);
    signIns.cancel("acme");
    const typed: Auth = { type: "api", key: "sk-typed-0123456789" };
    // The save is told before the write, and OpenCode refuses it: auth.json keeps the earlier key.
    await expect(
      signIns.storing("acme", typed, async () => {
        throw new Error("OpenCode refused the key");
      }),
    ).rejects.toThrow("OpenCode refused the key");
    approve();
    await settled();
    expect(saved.acme).toEqual(earlier);
  });

  it("undoes a cancelled sign-in that a new one replaced, putting back the key saved since", async () => {
    const saved: Record<string, Auth> = {};
    const { signIns, approve } = deviceSignIn(saved);
    await signIns.start("acme", 0, undefined);
    signIns.cancel("acme");
    await signIns.start("acme", 0, undefined); // a second try, cancelled too
    signIns.cancel("acme");
    const key: Auth = { type: "api", key: "sk-saved-0123456789" };
    saved.acme = key;
    signIns.credentialSet("acme", key); // the person saved a key instead
    approve(0); // the first page approved after all
    await vi.waitFor(() => expect(saved.acme).toEqual(key));
  });

  it("puts back the sign-in that connected when an earlier cancelled one is approved late", async () => {
    const saved: Record<string, Auth> = {};
    const { signIns, approve } = deviceSignIn(saved);
    await signIns.start("acme", 0, undefined);
    signIns.cancel("acme");
    await signIns.start("acme", 0, undefined);
    approve(1); // the second sign-in connects
    await vi.waitFor(() => expect(signIns.state("acme")?.state).toBe("connected"));
    const connected = saved.acme;
    approve(0);
    await vi.waitFor(() => expect(saved.acme).toEqual(connected));
    expect(saved.acme).toMatchObject({ access: "new-access-1" });
    expect(signIns.state("acme")).toMatchObject({ state: "connected", error: null });
  });
});
