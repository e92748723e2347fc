// Sharing a chat as a public link, through opencode's `session.share` and `session.unshare` in the
// chat's folder. opencode itself sends the chat: to the share service its config names for that
// folder (`enterprise.url`, else its own, or the console organisation the user is logged in to),
// the whole conversation and every later change while shared; unsharing deletes it there. This
// service adds nothing to what is sent; it reads where it would go, so the window can say so
// before the user agrees (chat/share/ShareControl.tsx), and refuses when the config or the
// project's own config turns sharing off (projectShare.ts).
import { type ShareState, sharingOffSentence } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import {
  errorDetail,
  SidecarCallError,
  SidecarUnavailableError,
  sidecarClient,
  unwrap,
} from "../chat/sidecarClient.ts";
import type { SessionDirectory } from "../chat/workbenchService.ts";
import type { ConsoleAccount, ReadConsoleAccount } from "./consoleAccount.ts";
import { projectSharingOff } from "./projectShare.ts";
import { shareRecipient, unknownRecipient } from "./shareRecipient.ts";

export class ShareService {
  /** The local console state read for a run of OpenCode (its generation): one `opencode db` per run. */
  private checked: { generation: number; account: Promise<ConsoleAccount | null> } | null = null;

  constructor(
    private readonly supervisor: SidecarSupervisor,
    private readonly directoryOf: SessionDirectory,
    /** OpenCode's environment as far as its project-config switch goes (the backend's own). */
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** The console account opencode would share to, from its own local state (consoleAccount.ts). */
    private readonly consoleAccount: ReadConsoleAccount = async () => null,
  ) {}

  /** The local console account, read once per run of OpenCode, or afresh (before a share). */
  private localAccount(fresh: boolean): Promise<ConsoleAccount | null> {
    const generation = this.supervisor.connection()?.generation ?? -1;
    if (fresh || this.checked?.generation !== generation) {
      const account = this.consoleAccount();
      const checked = { generation, account };
      // Read below; a failure is the "could not check" sentence, and is not kept: the next look
      // reads again (a busy database must not hide sharing for the rest of OpenCode's run).
      account.catch(() => {
        if (this.checked === checked) this.checked = null;
      });
      this.checked = checked;
    }
    return this.checked.account;
  }

  private async scope(sessionID: string) {
    const handle = sidecarClient(this.supervisor);
    if (!handle) throw new SidecarUnavailableError(this.supervisor.status());
    const directory = await this.directoryOf(sessionID, "read");
    return { client: handle.client, where: directory ? { directory } : {} };
  }

  async state(sessionID: string, fresh = false): Promise<ShareState> {
    const { client, where } = await this.scope(sessionID);
    const local = this.localAccount(fresh);
    const [session, config, paths, consoles] = await Promise.all([
      client.session.get({ sessionID, ...where }),
      client.config.get(where),
      client.path.get(where),
      client.experimental.console.listOrgs(where),
    ]);
    const info = unwrap(session, "Reading the chat");
    const settings = unwrap(config, "Reading OpenCode's config");
    const folders = unwrap(paths, "Reading the project's folders");
    const orgs = unwrap(consoles, "Reading which OpenCode console organisation is signed in").orgs;
    // The project's file is named even when opencode sees its "disabled" itself (the user's "auto").
    const disabledIn = projectSharingOff(folders, this.env);
    const recipient = shareRecipient(settings.enterprise?.url, orgs);
    return {
      url: info.share?.url ?? null,
      ...recipient,
      disabled: settings.share === "disabled" || disabledIn !== null,
      disabledIn,
      unknownRecipient: recipient.organisation ? null : await unknownRecipient(local),
    };
  }

  /** Publishes the chat; the route is called only after the user agreed in the window. */
  async share(sessionID: string): Promise<ShareState> {
    const before = await this.state(sessionID, true);
    if (before.url) return before;
    if (before.disabled) throw new SidecarCallError(409, sharingOffSentence(before.disabledIn));
    if (before.unknownRecipient) throw new SidecarCallError(409, before.unknownRecipient);
    const { client, where } = await this.scope(sessionID);
    const result = await client.session.share({ sessionID, ...where });
    if (result.error !== undefined || !result.data) {
      const detail = errorDetail(result.error);
      throw new SidecarCallError(
        502,
        `The share service at ${before.service} did not take the chat, so it is not shared${detail ? ` (${detail})` : ""}. Check the connection and try again.`,
      );
    }
    return { ...before, url: result.data.share?.url ?? null };
  }

  /** Deletes the shared copy at the share service; the link stops working. */
  async unshare(sessionID: string): Promise<ShareState> {
    const before = await this.state(sessionID);
    if (!before.url) return before;
    const { client, where } = await this.scope(sessionID);
    const result = await client.session.unshare({ sessionID, ...where });
    if (result.error !== undefined) {
      const detail = errorDetail(result.error);
      throw new SidecarCallError(
        502,
        `The share service at ${before.service} did not delete the shared chat, so the link may still work${detail ? ` (${detail})` : ""}. Try Stop sharing again.`,
      );
    }
    return { ...before, url: null };
  }
}
