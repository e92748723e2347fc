// Restart and Stop kill a reply that is being written. Before that, ask: "a reply is under way in
// N chats; it will be cut (and can be resumed in the chat)". Start never asks.
import type { LifecycleAction } from "./stateView.ts";

export function cutWarning(action: LifecycleAction, replying: number): string | null {
  if (action === "start" || replying === 0) return null;
  const chats = replying === 1 ? "a chat" : `${replying} chats`;
  const verb = action === "restart" ? "Restarting" : "Stopping";
  return `OpenCode is writing a reply in ${chats}. ${verb} OpenCode cuts it off; you can resume it in the chat afterwards. ${action === "restart" ? "Restart" : "Stop"} anyway?`;
}

/** True when the action may go ahead. If the backend cannot say, it goes ahead. */
export async function confirmCut(
  action: LifecycleAction,
  replying: () => Promise<string[]>,
  confirm: (question: string) => boolean,
): Promise<boolean> {
  if (action === "start") return true;
  const sessions = await replying().catch(() => []);
  const warning = cutWarning(action, sessions.length);
  return warning === null || confirm(warning);
}
