// opencode picks its own port (`--port 0`) and announces it on stdout; that line is the only
// race-free way to learn it.
const listeningPattern = /opencode server listening on (https?:\/\/[A-Za-z0-9.\-[\]:]+)/;

export function parseListeningLine(line: string): { url: string; port: number } | null {
  const match = listeningPattern.exec(line);
  if (!match?.[1]) return null;
  try {
    const url = new URL(match[1]);
    const port = Number(url.port);
    if (!Number.isInteger(port) || port <= 0) return null;
    return { url: url.origin, port };
  } catch {
    return null;
  }
}
