// Where opencode sends a shared chat, as the consent must name it. Read from opencode 1.18.33's
// ShareNext.request: when the active account has an active console organisation, shares go to
// that account's address with its token; otherwise to the config's `enterprise.url`, else
// opencode's own service. The organisations come from opencode's `/experimental/console/orgs`,
// whose `active` is that same test (the active account and its active organisation); but it asks
// each account's server over the network and drops one it cannot reach, so a list without an
// active organisation is checked against opencode's local state (consoleAccount.ts).
import { defaultShareService, messageOf, type ShareState } from "@turnkey/contracts";
import type { ConsoleAccount } from "./consoleAccount.ts";

export interface ConsoleOrg {
  accountEmail: string;
  accountUrl: string;
  orgName: string;
  active: boolean;
}

export function shareRecipient(
  enterpriseUrl: string | undefined,
  orgs: readonly ConsoleOrg[],
): Pick<ShareState, "service" | "organisation"> {
  const org = orgs.find((o) => o.active);
  if (org) return { service: org.accountUrl, organisation: { name: org.orgName, account: org.accountEmail } };
  return { service: enterpriseUrl ?? defaultShareService, organisation: null };
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * When the organisations' list names none: null if opencode's local state has no active console
 * organisation either, else why the recipient cannot be told (the list could not reach it, or the
 * local state could not be read), as the sentence the window shows instead of the Share control.
 */
export async function unknownRecipient(local: Promise<ConsoleAccount | null>): Promise<string | null> {
  try {
    const account = await local;
    if (!account) return null;
    return `You are signed in to an OpenCode console organisation (${account.email ? `${account.email} at ` : ""}${hostOf(account.url)}), where OpenCode would send a shared chat, but it could not be reached to check which organisation that is, so sharing is not offered now. Check the connection and open this chat again.`;
  } catch (error) {
    return `Where a shared chat would go could not be checked (whether you are signed in to an OpenCode console organisation: ${messageOf(error)}), so sharing is not offered now. Try again later.`;
  }
}
