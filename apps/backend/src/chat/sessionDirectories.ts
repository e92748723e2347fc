// Which folder each session works in, learned from opencode (session lists, creations, the
// global event stream) and asked for when unknown: every call for a session goes to its folder.
export class SessionDirectories {
  private readonly byId = new Map<string, string>();

  get(sessionID: string): string | undefined {
    return this.byId.get(sessionID);
  }

  set(sessionID: string, directory: string): void {
    this.byId.set(sessionID, directory);
  }

  forget(sessionID: string): void {
    this.byId.delete(sessionID);
  }

  /** Every session known to be in the folder. */
  known(directory: string): string[] {
    return this.sessionsIn(directory, this.byId.keys());
  }

  sessionsIn(directory: string, among: Iterable<string>): string[] {
    return [...among].filter((id) => this.byId.get(id) === directory);
  }
}
