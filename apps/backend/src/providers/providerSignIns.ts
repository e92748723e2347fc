// Signing in to a model provider the way opencode's own clients do (its TUI's /connect, 1.18.33):
// `POST /provider/:id/oauth/authorize {method, inputs}` asks the plugin for the provider's page and
// instructions and keeps the pending sign-in in the default folder's instance; then
// `POST /provider/:id/oauth/callback {method, code?}` finishes it. For "code" the person pastes the
// code the page shows and the call answers at once; for "auto" (a device code: the person enters a
// code on the page) the call waits while opencode polls the provider, as long as the person takes,
// longer than any request may, so it runs here, outside the request that started it, with a
// deadline of its own. opencode stores the tokens in auth.json; none passes through here.
// Cancel cannot stop opencode's wait (its handler goes on when the call is aborted: tried against
// 1.18.33), so an approval that comes after it is undone here (providerSignIn.test.ts): the
// credential the provider had at the cancel, or one the person saved or removed here since, is put
// back, since opencode's approval overwrote it.
import type { Auth } from "@opencode-ai/sdk/v2";
import { providerSignInDeadlineMs, type SignInState } from "@turnkey/contracts";
import { outsideCallSignal, withCallSignal } from "../chat/callSignal.ts";
import { errorDetail, SidecarCallError } from "../chat/sidecarClient.ts";
import { ProviderAuthError, type ProviderConnections } from "./providerConnections.ts";

/** The code opencode's TUI copies from a device flow's instructions ("Enter code: ABCD-1234"). */
const userCodePattern = /\b[A-Z0-9]{4}-[A-Z0-9]{4,5}\b/;

interface Flow extends SignInState {
  controller: AbortController;
  name: string;
  /** Once cancelled: the credential to put back should the provider approve anyway (null: none). */
  putBack: Auth | null;
  /** OpenCode still waits for the provider (a device sign-in's wait, which Cancel cannot stop). */
  waitRunning: boolean;
}

export class ProviderSignIns {
  private readonly flows = new Map<string, Flow>();
  /**
   * Device-code sign-ins cancelled (or replaced by a new one) whose wait in opencode still runs,
   * by provider: each may yet be approved, and each is undone then, whichever sign-in is current
   * (review 12, providers F1). Each leaves when its wait ends, with the credential it would put back.
   */
  private readonly cancelledWaits = new Map<string, Set<Flow>>();

  constructor(
    private readonly connections: ProviderConnections,
    /** After a sign-in stored a credential: folders reload their providers, the mask learns the tokens. */
    private readonly changed: () => Promise<void>,
    private readonly deadlineMs = providerSignInDeadlineMs,
    private readonly now: () => number = Date.now,
    /** How long the work after OpenCode's wait may take: an undo or a success, and the reload after it. */
    private readonly afterWaitMs = 60_000,
  ) {}

  state(providerID: string): SignInState | null {
    const flow = this.flows.get(providerID);
    if (!flow) return null;
    this.expire(flow);
    return publicState(flow);
  }

  /** A "code" sign-in has no wait of OpenCode's to time it out: it ends when its time is up, on reading. */
  private expire(flow: Flow): void {
    if (flow.state === "waiting" && flow.kind === "code" && this.now() > flow.expiresAt)
      this.fail(
        flow,
        `The sign-in to ${flow.name} was not finished within ${Math.round(this.deadlineMs / 60_000)} minutes. Press Sign in to start again.`,
      );
  }

  /** Asks opencode for the provider's sign-in page; an "auto" sign-in then waits here, in the background. */
  async start(providerID: string, method: number, inputs: Record<string, string> | undefined): Promise<SignInState> {
    const provider = (await this.connections.list()).providers.find((p) => p.id === providerID);
    if (!provider)
      throw new ProviderAuthError("unknown_to_opencode", `OpenCode does not know a provider "${providerID}".`);
    const chosen = provider.signIn.find((m) => m.index === method);
    if (!chosen)
      throw new ProviderAuthError(
        "no_such_method",
        `${provider.name} has no sign-in method ${method}. Open the Providers view again to see its methods.`,
      );
    this.cancel(providerID);
    const { client } = this.connections.handle();
    const result = await client.provider.oauth.authorize({ providerID, method, ...(inputs ? { inputs } : {}) });
    if (result.error !== undefined || !result.data) {
      const status = result.response?.status ?? 502;
      const detail = errorDetail(result.error);
      if (status === 400)
        throw new ProviderAuthError(
          "sign_in_refused",
          `${provider.name} did not start the sign-in: ${detail || "refused"}.`,
        );
      throw new ProviderAuthError(
        "provider_unreachable",
        `Could not start signing in to ${provider.name}: the provider could not be reached${detail ? ` (${detail})` : ""}. Check the internet connection (and proxy settings), then try again.`,
        502,
      );
    }
    const { url, method: kind, instructions } = result.data;
    if (!/^https?:\/\//i.test(url))
      throw new ProviderAuthError(
        "sign_in_refused",
        `${provider.name}'s sign-in gave a page that is not a web address.`,
        502,
      );
    const flow: Flow = {
      providerID,
      method,
      kind,
      url,
      instructions,
      userCode: instructions.match(userCodePattern)?.[0] ?? null,
      state: "waiting",
      error: null,
      expiresAt: this.now() + this.deadlineMs,
      controller: new AbortController(),
      name: provider.name,
      putBack: null,
      waitRunning: kind === "auto",
    };
    this.flows.set(providerID, flow);
    if (kind === "auto") outsideCallSignal(() => this.wait(flow));
    return publicState(flow);
  }

  /** The code the person pasted back, for a "code" sign-in. */
  async code(providerID: string, code: string): Promise<SignInState> {
    const flow = this.flows.get(providerID);
    if (flow) this.expire(flow);
    if (flow?.state !== "waiting" || flow.kind !== "code")
      throw new ProviderAuthError(
        "no_sign_in",
        // A sign-in that just ended (its time up) says why, rather than that none was started.
        flow?.state === "failed" && flow.error
          ? flow.error
          : "No sign-in is waiting for a code. Press Sign in to start one.",
        409,
      );
    const { client } = this.connections.handle();
    const result = await client.provider.oauth.callback({ providerID, method: flow.method, code });
    if (this.flows.get(providerID) !== flow) return publicState(flow);
    if (result.error === undefined && result.data === true) {
      await this.succeed(flow);
      return publicState(flow);
    }
    // A refused code leaves the sign-in waiting: the person may have mistyped it. A sign-in OpenCode
    // no longer has (it restarted) ends here. Otherwise OpenCode or the provider failing (5xx, no
    // answer) is not the person's code being refused: 502, as start() says it. opencode's error name
    // decides first: its server may answer a named error with 500 (one route 400, another 500).
    const status = result.response?.status;
    const message = this.failure(flow, result.error, status);
    const name = errorName(result.error);
    if (name === "ProviderAuthOauthMissing") {
      this.fail(flow, message);
      throw new ProviderAuthError("no_sign_in", message, 409);
    }
    if (name !== "ProviderAuthOauthCallbackFailed" && (status === undefined || status >= 500))
      throw new ProviderAuthError("provider_unreachable", message, 502);
    throw new ProviderAuthError("sign_in_refused", message);
  }

  /**
   * Stops waiting for the person. opencode's own wait cannot be stopped (its handler goes on when
   * the call is aborted, and the plugin goes on polling), so the call is left to end: should the
   * provider still approve it, the credential it stored is removed again (wait()).
   */
  cancel(providerID: string): SignInState | null {
    const flow = this.flows.get(providerID);
    if (!flow) return null;
    if (flow.state === "waiting") {
      flow.state = "cancelled";
      if (flow.kind === "auto") {
        flow.putBack = this.connections.savedCredential(providerID);
        const waits = this.cancelledWaits.get(providerID) ?? new Set<Flow>();
        waits.add(flow);
        this.cancelledWaits.set(providerID, waits);
      }
    }
    return publicState(flow);
  }

  /**
   * The provider's credential is now `auth` (a key saved, a credential removed, a sign-in
   * connected): what every cancelled sign-in's late approval puts back.
   */
  credentialSet(providerID: string, auth: Auth | null): void {
    for (const flow of this.cancelledWaits.get(providerID) ?? []) flow.putBack = auth;
  }

  /**
   * Runs `write`, which makes the provider's credential `auth` (a key saved, or null: Disconnect).
   * The cancelled sign-ins learn it first, so a late approval undone while it is written puts back
   * the new credential, not the old one (review 12, providers F2); should the write fail, they are
   * told what auth.json holds after all.
   */
  async storing<T>(providerID: string, auth: Auth | null, write: () => Promise<T>): Promise<T> {
    this.credentialSet(providerID, auth);
    try {
      return await write();
    } catch (error) {
      this.credentialSet(providerID, this.connections.savedCredential(providerID));
      throw error;
    }
  }

  /** Ends every sign-in still waiting (the backend is closing). */
  close(): void {
    for (const flow of this.flows.values()) flow.controller.abort();
    for (const waits of this.cancelledWaits.values()) for (const flow of waits) flow.controller.abort();
    this.flows.clear();
    this.cancelledWaits.clear();
  }

  private async wait(flow: Flow): Promise<void> {
    const timer = setTimeout(() => flow.controller.abort(), this.deadlineMs);
    timer.unref();
    try {
      const { client } = this.connections.handle();
      const result = await client.provider.oauth.callback(
        { providerID: flow.providerID, method: flow.method },
        { signal: flow.controller.signal },
      );
      const approved = result.error === undefined && result.data === true;
      // What follows asks OpenCode outside any request, so it has a deadline of its own: the wait's
      // end, which forgets the credential kept to put back, must come (review 13, sign-ins F5).
      await withCallSignal(AbortSignal.timeout(this.afterWaitMs), async () => {
        if (flow.state === "cancelled" && approved) await this.undo(flow);
        if (flow.state !== "waiting" || this.flows.get(flow.providerID) !== flow) return;
        if (approved) await this.succeed(flow);
        else this.fail(flow, this.failure(flow, result.error, result.response?.status));
      });
    } catch (error) {
      if (flow.state !== "waiting") return;
      this.fail(
        flow,
        flow.controller.signal.aborted
          ? `The sign-in to ${flow.name} was not finished within ${Math.round(this.deadlineMs / 60_000)} minutes, so its code has expired. Press Sign in to get a new one.`
          : error instanceof SidecarCallError || error instanceof ProviderAuthError
            ? error.message
            : `OpenCode stopped answering while waiting for the sign-in to ${flow.name}. Press Sign in to try again once OpenCode is running.`,
      );
    } finally {
      clearTimeout(timer);
      this.cancelledWaits.get(flow.providerID)?.delete(flow);
      if (this.cancelledWaits.get(flow.providerID)?.size === 0) this.cancelledWaits.delete(flow.providerID);
      flow.putBack = null; // nothing is put back any more: the credential is not kept
      flow.waitRunning = false;
    }
  }

  private async succeed(flow: Flow): Promise<void> {
    flow.state = "connected";
    flow.error = null;
    // A sign-in cancelled earlier and approved late must put back this one's tokens, not older ones.
    this.credentialSet(flow.providerID, this.connections.savedCredential(flow.providerID));
    await this.changed().catch(() => undefined); // the view reads the list again anyway
  }

  /**
   * A sign-in approved after the person cancelled it: opencode stored its tokens over whatever the
   * provider had, so that goes back (a key, an earlier sign-in), or with nothing before, it goes.
   */
  private async undo(flow: Flow): Promise<void> {
    const { client } = this.connections.handle();
    const { providerID, putBack } = flow;
    const done = await (putBack ? client.auth.set({ providerID, auth: putBack }) : client.auth.remove({ providerID }))
      .then((result) => result.data === true)
      .catch(() => false);
    const earlier = putBack?.type === "oauth" ? "earlier sign-in" : "key";
    // Said once OpenCode's folders have read the credential again: the window reads the providers
    // when it sees this sentence (review 13, R4).
    await this.changed().catch(() => undefined);
    flow.error = done
      ? putBack
        ? `The sign-in to ${flow.name} was approved after it was cancelled, so it was undone and ${flow.name}'s ${earlier} was put back.`
        : `The sign-in to ${flow.name} was approved after it was cancelled, so it was removed again.`
      : putBack
        ? `The sign-in to ${flow.name} was approved after it was cancelled and replaced ${flow.name}'s ${earlier}, which could not be put back: press Disconnect, then save the key or sign in again.`
        : `The sign-in to ${flow.name} was approved after it was cancelled and could not be removed: press Disconnect.`;
  }

  private fail(flow: Flow, sentence: string): void {
    flow.state = "failed";
    flow.error = sentence;
    flow.controller.abort();
  }

  private failure(flow: Flow, error: unknown, status: number | undefined): string {
    const name = errorName(error);
    if (name === "ProviderAuthOauthMissing")
      return `This sign-in is no longer waiting in OpenCode (it restarted, or another sign-in replaced it). Press Sign in to start again.`;
    if (name === "ProviderAuthOauthCallbackFailed")
      return flow.kind === "code"
        ? `${flow.name} refused that code: it may be mistyped, already used or expired. Copy it again from the page, or press Sign in to start over.`
        : `${flow.name} did not accept the sign-in: it was refused on the page, or the code expired before it was entered. Press Sign in to start again.`;
    if (status !== undefined && status >= 500)
      return `Could not reach ${flow.name} to finish the sign-in. Check the internet connection (and proxy settings), then press Sign in to try again.`;
    const detail = errorDetail(error);
    return `The sign-in to ${flow.name} did not finish${detail ? ` (${detail})` : ""}. Press Sign in to try again.`;
  }
}

/** opencode's name for an error it answered (`ProviderAuthOauthMissing`…), if it gave one. */
function errorName(error: unknown): unknown {
  return (error as { name?: unknown } | undefined)?.name;
}

function publicState(flow: Flow): SignInState {
  // putBack is a credential: never in an answer.
  const { controller: _controller, name: _name, putBack: _putBack, waitRunning, ...state } = flow;
  return { ...state, lateApprovalPossible: state.state === "cancelled" && waitRunning };
}
