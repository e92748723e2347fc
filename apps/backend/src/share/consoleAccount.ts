// Whether the user is signed in to an OpenCode console organisation, as opencode itself knows it.
// opencode 1.18.33 sends a share to the active account's organisation when its local state names
// one (ShareNext.request reads the `account_state` table), but its `/experimental/console/orgs`
// asks each account's server over the network and turns a failure into "no organisations"
// (Account.orgsByAccount: `catch(() => [])`). So with the console unreachable the list names no
// organisation and the consent would name the wrong recipient (review 7, S3). When the list names
// none, this reads the same local state through opencode's own `db` command (its database is
// opencode's business: no SQLite reader here), with the sidecar's environment so it is the same
// database. Only the address and the e-mail are read, never a token.
import { execFile } from "node:child_process";

export interface ConsoleAccount {
  /** The console's address, where a share would go. */
  url: string;
  email: string;
}

/** The active console account with an active organisation, or null; throws when it cannot tell. */
export type ReadConsoleAccount = () => Promise<ConsoleAccount | null>;

const query =
  "select a.url as url, a.email as email from account_state s join account a on a.id = s.active_account_id where s.active_org_id is not null";

/**
 * Runs `opencode db "<query>" --format json` within `deadlineMs`. No shell: execFile "spawns the
 * command directly without first spawning a shell" (Node's child_process docs), which on Windows
 * works for an `.exe` only (`.bat`/`.cmd` "cannot be launched using child_process.execFile()",
 * same docs); the path is the real `opencode.exe` the supervisor started, never npm's `.cmd` shim
 * (ARCHITECTURE "Start"). The query holds no double quote, so Windows' argument quoting keeps it whole.
 */
export function consoleAccountFromDb(
  binary: () => string | null,
  env: () => NodeJS.ProcessEnv,
  deadlineMs = 30_000,
): ReadConsoleAccount {
  return () =>
    new Promise((resolve, reject) => {
      const program = binary();
      if (!program) return reject(new Error("OpenCode's program is not known yet"));
      execFile(
        program,
        ["db", query, "--format", "json"],
        { env: env(), timeout: deadlineMs, windowsHide: true, maxBuffer: 1024 * 1024 },
        (error, stdout) => {
          if (error) return reject(new Error(`opencode db: ${error.message.split("\n")[0]}`));
          try {
            const rows = JSON.parse(stdout) as Array<{ url?: unknown; email?: unknown }>;
            const row = rows.find((r) => typeof r.url === "string");
            resolve(row ? { url: row.url as string, email: typeof row.email === "string" ? row.email : "" } : null);
          } catch {
            reject(new Error("opencode db did not answer with JSON"));
          }
        },
      );
    });
}
