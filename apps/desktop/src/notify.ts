// System notifications from the main process. Each is kept referenced until it is clicked, closed
// or failed: a Notification the garbage collector takes loses its 'click' listener while the
// system still shows it (the click then only raises the app; PostHog/code#2238 hit exactly this).
// Windows may never report a close for a toast left in the Action Center (Electron's Notification
// docs on 'close'), so only the last few are kept.
import { Notification } from "electron";
import type { Notice } from "./failureNotice.ts";

const kept = new Set<Notification>();
const maxKept = 20;

export function notify(notice: Notice, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: notice.title, body: notice.body });
  const release = () => kept.delete(notification);
  kept.add(notification);
  if (kept.size > maxKept) {
    const [oldest] = kept;
    if (oldest) kept.delete(oldest);
  }
  notification.once("click", () => {
    release();
    onClick?.();
  });
  notification.once("close", release);
  notification.once("failed", release);
  notification.show();
}
