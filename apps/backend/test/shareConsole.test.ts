// Signed in to an OpenCode console organisation that cannot be reached (review 7, S3): opencode
// 1.18.33's organisations list asks the console over the network and turns the failure into "no
// organisations", while its share would still go to the organisation it knows locally. The backend
// reads opencode's local state (its `db` command), so the Share state says the recipient could not
// be checked instead of naming the config's share service, and a share is refused with that
// sentence; nothing reaches either. Once no console account is active, sharing goes ahead (a
// share reads the local state afresh). The console's address is a port nothing listens on.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { TurnkeyApiError } from "@turnkey/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { type ShareStub, startShareStub } from "../../web/test/shareStub.ts";
import { freePort } from "./mcpOAuthStub.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

let stub: ShareStub;
let real: RealBackend;
let env: Record<string, string> = {};
let consoleUrl: string;

/**
 * Runs SQL on the test's opencode database, with opencode's own `db` command and environment.
 * Not execFileSync: the backend serves from this process, and a loop blocked for the seconds a
 * loaded machine gives the command let the server's keep-alive timer close the client's idle
 * connection just as the next request went out on it (ECONNRESET, seen once in CI at load 8).
 */
async function sql(statement: string): Promise<void> {
  const binary = real.backend.supervisor.status().binary?.path;
  if (!binary) throw new Error("no opencode binary in the status");
  await promisify(execFile)(binary, ["db", statement], { env: { ...process.env, ...env }, timeout: 60_000 });
}

beforeAll(async () => {
  stub = await startShareStub();
  consoleUrl = `http://127.0.0.1:${await freePort()}`;
  real = await startRealBackend({
    name: "share console",
    env: (root) => (env = isolatedOpencodeEnv(root)),
    opencodeConfig: { enterprise: { url: stub.url }, share: "manual" },
    backend: { uiDir: null },
  });
  await real.client.start();
  // What `opencode console login` leaves: an account, and it active with an organisation chosen.
  await sql(
    `insert into account (id, email, url, access_token, refresh_token, token_expiry, time_created, time_updated) values ('acc_turnkey_test', 'me@acme.example', '${consoleUrl}', 'not-a-real-token', 'not-a-real-token', 4102444800000, 0, 0)`,
  );
  await sql(
    "insert into account_state (id, active_account_id, active_org_id) values (1, 'acc_turnkey_test', 'org_acme')",
  );
}, 240_000);

afterAll(async () => {
  await real?.close();
  await stub?.close();
});

describe("a console organisation that cannot be reached", () => {
  it("is said to, and nothing is shared, until no organisation is active", async () => {
    const sessionId = (await real.client.createSession({})).session.id;
    const state = await real.client.shareState(sessionId);
    expect(state.organisation).toBeNull();
    expect(state.unknownRecipient).toContain(
      `You are signed in to an OpenCode console organisation (me@acme.example at ${new URL(consoleUrl).host})`,
    );
    expect(state.unknownRecipient).toContain("so sharing is not offered now");

    const refused = await real.client.share(sessionId).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TurnkeyApiError);
    expect((refused as TurnkeyApiError).message).toBe(state.unknownRecipient);
    expect(stub.requests).toEqual([]);

    // Signed out (`opencode console logout` clears the active account): the share goes ahead, to
    // the config's service, as the consent then says.
    await sql("delete from account_state");
    const shared = await real.client.share(sessionId);
    expect(shared.unknownRecipient).toBeNull();
    expect(shared.service).toBe(stub.url);
    expect(shared.url).toBeTruthy();
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toContain("POST /api/share");
  }, 180_000);
});
