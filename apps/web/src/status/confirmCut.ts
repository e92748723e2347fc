// Everything in the status window that stops or restarts OpenCode kills a reply being written:
// Stop, Restart, Repair, the doctor's Learn again, a profile change, an update or another version.
// Before that, ask: "a reply is under way in N chats; it will be cut (and can be resumed in the
// chat)". Start never asks.
import type { LifecycleAction } from "./stateView.ts";

export type CuttingAction = LifecycleAction | "repair" | "relearn" | "profile" | "version";

const cuts: Record<Exclude<CuttingAction, "start">, { doing: string; ask: string }> = {
  stop: { doing: "Stopping OpenCode cuts it off", ask: "Stop anyway?" },
  restart: { doing: "Restarting OpenCode cuts it off", ask: "Restart anyway?" },
  repair: { doing: "Repair stops and restarts OpenCode, which cuts it off", ask: "Repair anyway?" },
  relearn: { doing: "Learning the names again restarts OpenCode, which cuts it off", ask: "Learn again anyway?" },
  profile: { doing: "Changing the profile restarts OpenCode, which cuts it off", ask: "Change it anyway?" },
  version: { doing: "Changing OpenCode's version restarts it, which cuts it off", ask: "Change it anyway?" },
};

export function cutWarning(action: CuttingAction, replying: number): string | null {
  if (action === "start" || replying === 0) return null;
  const chats = replying === 1 ? "a chat" : `${replying} chats`;
  const { doing, ask } = cuts[action];
  return `OpenCode is writing a reply in ${chats}. ${doing}; you can resume it in the chat afterwards. ${ask}`;
}

/** True when the action may go ahead. If the backend cannot say, it goes ahead. */
export async function confirmCut(
  action: CuttingAction,
  replying: () => Promise<string[]>,
  confirm: (question: string) => boolean,
): Promise<boolean> {
  if (action === "start") return true;
  const sessions = await replying().catch(() => []);
  const warning = cutWarning(action, sessions.length);
  return warning === null || confirm(warning);
}

/** The same question asked from a button in the status window, with the browser's own dialog. */
export function confirmCutHere(action: CuttingAction, replying: () => Promise<string[]>): Promise<boolean> {
  return confirmCut(action, replying, (question) => window.confirm(question));
}
