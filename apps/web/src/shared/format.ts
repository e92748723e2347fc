// Clock times and dates the way people read them (durations: formatDuration in @turnkey/contracts).

export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** A date and time git gave (ISO 8601: a commit's, a stash's), short; as given when it is not one. */
export function formatGitDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}
