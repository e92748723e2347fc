// System notifications while the window is not focused: a finished reply, the agent waiting for
// the user (a permission or a question), OpenCode failing. Only after the user turned them on
// (the browser's own permission prompt, asked from a button, never by surprise).
export type NotificationState = "unsupported" | "default" | "granted" | "denied";

function api(): typeof Notification | null {
  return typeof Notification === "undefined" ? null : Notification;
}

export function notificationState(): NotificationState {
  return api()?.permission ?? "unsupported";
}

export async function askForNotifications(): Promise<NotificationState> {
  const n = api();
  if (!n) return "unsupported";
  return await n.requestPermission();
}

/** Shows a notification when the window is in the background; says whether it did. */
export function notifyIfAway(title: string, body: string, tag: string): boolean {
  const n = api();
  if (n?.permission !== "granted" || document.hasFocus()) return false;
  const note = new n(title, { body, tag });
  note.onclick = () => {
    window.focus();
    note.close();
  };
  return true;
}
