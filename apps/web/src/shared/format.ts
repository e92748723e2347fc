// Clock times the way people read them (durations: formatDuration in @turnkey/contracts).

export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}
