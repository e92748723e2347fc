// Durations and sentences the way people read them, in the sidecar's messages and the windows alike.
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 10_000) return `${Math.round(ms / 100) / 10} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

/** A sentence ends with a full stop, so the next one does not run into it. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === "" || /[.!?…:]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * A title from a text: its first line that says something, cut at a word to at most `max`
 * characters and an ellipsis; "" for a text with none. A goal's notification and a task run
 * with several models are named by it.
 */
export function titleOf(text: string, max: number): string {
  const line = text
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "");
  if (!line) return "";
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  // A cut that falls between two words keeps the last one whole.
  const space = /\s/.test(line.charAt(max)) ? max : cut.lastIndexOf(" ");
  // A word longer than most of the room is cut inside it rather than leaving a stub.
  return `${(space > max * 0.4 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
