// Where opencode sends a shared chat, as the consent must name it. Read from opencode 1.18.33's
// ShareNext.request: when the active account has an active console organisation, shares go to
// that account's address with its token; otherwise to the config's `enterprise.url`, else
// opencode's own service. The organisations come from opencode's `/experimental/console/orgs`,
// whose `active` is that same test (the active account and its active organisation).
import { defaultShareService, type ShareState } from "@turnkey/contracts";

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
