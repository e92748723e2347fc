// Clock times and dates the way people read them (durations: formatDuration in @turnkey/contracts).

export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** A date and time git gave (ISO 8601: a commit's, a stash's), short; as given when it is not one. */
export function formatGitDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/**
 * How long ago git's date was, as people say it ("5 minutes ago", "yesterday"), for lists where a
 * full date on every row costs a line in a narrow panel; a week or more, or a date to come (a
 * clock set wrong), is the short date itself. The full date goes in the element's title.
 */
export function gitDateAgo(iso: string, now = Date.now()): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 0 || seconds >= 7 * 86_400) return new Date(at).toLocaleDateString("en", { dateStyle: "medium" });
  if (seconds < 45) return "just now";
  if (seconds < 3_600) return relative.format(-Math.max(1, Math.round(seconds / 60)), "minute");
  if (seconds < 86_400) return relative.format(-Math.round(seconds / 3_600), "hour");
  return relative.format(-Math.round(seconds / 86_400), "day");
}
