// The terminal's wrapper, run for real with /bin/sh (the user's "shell" here prints its
// environment), and the Windows launch it would build, with the platform injected.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { neverInTerminal, shellLaunch } from "./shellLaunch.ts";
import { TerminalTickets } from "./tickets.ts";

const dir = mkdtempSync(join(tmpdir(), "turnkey shell-launch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a terminal's environment may hold on arrival: placeholders, secrets and the user's own. */
const planted = {
  GITHUB_TOKEN: "undefined",
  OPENAI_API_KEY: "undefined",
  OPENCODE_SERVER_PASSWORD: "the-password-if-the-plugin-did-not-run",
  TURNKEY_TOKEN: "the-launch-token",
  KEEP_ME: "yes",
  UNDEFINED_IN_TEXT: "not undefined",
};

describe.skipIf(process.platform === "win32")("the POSIX wrapper", () => {
  it("unsets what the plugin hid and the names no terminal may hold, then runs the user's shell as a login shell", () => {
    const shell = join(dir, "printing shell");
    writeFileSync(shell, '#!/bin/sh\necho "ARGS=$*"\nenv\n');
    chmodSync(shell, 0o700);
    const launch = shellLaunch("linux", {});
    expect(launch.command).toBe("/bin/sh");
    // opencode appends -l to a command named sh (Shell.login); the wrapper must not choke on it.
    const output = execFileSync(launch.command, [...launch.args, "-l"], {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        SHELL: shell,
        ...planted,
      },
    });
    expect(output).toContain("ARGS=-l\n");
    expect(output).toContain("KEEP_ME=yes\n");
    expect(output).toContain("UNDEFINED_IN_TEXT=not undefined\n");
    expect(output).not.toMatch(/=undefined$/m);
    expect(output).not.toMatch(/^(OPENCODE_SERVER_PASSWORD|TURNKEY_TOKEN|GITHUB_TOKEN|OPENAI_API_KEY)=/m);
  });
});

// opencode's PTY starts at 80x24 and its create call takes no size: the wrapper gives the shell the
// panel's size before it starts, so its first prompt is drawn at the panel's width, not 80 columns.
// util-linux's `script` runs the wrapper in a real pseudo-terminal, as opencode's bun-pty does.
describe.runIf(process.platform === "linux")("the shell's size", () => {
  it("is the panel's from the shell's first line on", () => {
    const shell = join(dir, "size shell");
    writeFileSync(shell, "#!/bin/sh\necho SIZE=$(stty size)\n");
    chmodSync(shell, 0o700);
    // script's -c takes one command line: the wrapper's script and its size argument come by the environment.
    const inPty = (size: { cols: number; rows: number }) => {
      const launch = shellLaunch("linux", {}, size);
      const [dashC, wrapper, name, cols, rows] = launch.args;
      return execFileSync(
        "script",
        [
          "-qec",
          `SHELL="$SIZE_SHELL" exec ${launch.command} ${dashC} "$WRAPPER" ${name} ${cols} ${rows} -l`,
          "/dev/null",
        ],
        {
          encoding: "utf8",
          timeout: 30_000,
          input: "",
          env: { PATH: process.env.PATH, SHELL: "/bin/sh", SIZE_SHELL: shell, WRAPPER: wrapper },
        },
      );
    };
    expect(inPty({ cols: 123, rows: 37 })).toMatch(/^SIZE=37 123\r?$/m);
  });
});

describe.skipIf(process.platform === "win32")("the shell gets the user's environment back (review 5, L3)", () => {
  it("has the user's own folders and config, not OpenCode's in the data folder, and nothing the user did not set", () => {
    const shell = join(dir, "printing shell");
    writeFileSync(shell, "#!/bin/sh\nenv\n");
    chmodSync(shell, 0o700);
    const user = { PATH: process.env.PATH, SHELL: shell, XDG_CONFIG_HOME: "/home/me/.config" };
    const launch = shellLaunch("linux", user);
    // OpenCode's environment in the managed profile, as the PTY inherits it, with the launch's additions over it.
    const opencodes = {
      ...user,
      XDG_CONFIG_HOME: "/data/opencode/config",
      XDG_DATA_HOME: "/data/opencode/data",
      XDG_STATE_HOME: "/data/opencode/state",
      OPENCODE_CONFIG: "/data/opencode-config.json",
      OPENCODE_CLIENT: "desktop",
      OPENCODE_DISABLE_AUTOUPDATE: "true",
    };
    const output = execFileSync(launch.command, launch.args, {
      encoding: "utf8",
      env: { ...opencodes, ...launch.env },
    });
    expect(output).toContain("XDG_CONFIG_HOME=/home/me/.config\n");
    expect(output).not.toMatch(
      /^(XDG_DATA_HOME|XDG_STATE_HOME|OPENCODE_CONFIG|OPENCODE_CLIENT|OPENCODE_DISABLE_AUTOUPDATE)=/m,
    );
    expect(output).not.toContain("/data/");
  });
});

describe("the Windows launch", () => {
  it("is Windows PowerShell by its absolute path, removing the names and staying open", () => {
    const launch = shellLaunch("win32", { SystemRoot: "D:\\Windows" });
    expect(launch.command).toBe("D:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
    expect(launch.args.slice(0, 4)).toEqual(["-NoLogo", "-NoProfile", "-NoExit", "-Command"]);
    const script = launch.args[4] ?? "";
    for (const name of neverInTerminal) expect(script).toContain(`'${name}'`);
    // What the backend set for OpenCode and the user did not have goes too.
    for (const name of ["XDG_CONFIG_HOME", "OPENCODE_CONFIG"]) expect(script).toContain(`'${name}'`);
    expect(script).toContain("$_.Value -ceq 'undefined'");
  });

  it("runs the user's PowerShell profiles only after the environment is clean, in PowerShell's order (review 6, W2)", () => {
    const script = shellLaunch("win32", { SystemRoot: "C:\\Windows" }).args.at(-1) ?? "";
    const cleaned = Math.max(
      script.indexOf("Remove-Item -LiteralPath ('Env:' + $name)"),
      script.indexOf("-ceq 'undefined'"),
    );
    const profiles = ["'Profile.ps1'", "'Microsoft.PowerShell_profile.ps1'"].map((file) => script.indexOf(file));
    expect(cleaned).toBeGreaterThan(0);
    expect(script.indexOf(". $turnkeyProfile")).toBeGreaterThan(cleaned);
    // All Users All Hosts, All Users Current Host, then the user's two, from the Documents folder.
    expect(script).toMatch(
      /\(Join-Path \$PSHOME 'Profile\.ps1'\), \(Join-Path \$PSHOME 'Microsoft\.PowerShell_profile\.ps1'\), \(Join-Path \$turnkeyDocuments 'Profile\.ps1'\), \(Join-Path \$turnkeyDocuments 'Microsoft\.PowerShell_profile\.ps1'\)/,
    );
    expect(profiles.every((at) => at > cleaned)).toBe(true);
  });
});

// The same wrapper run for real in Windows PowerShell (windows.yml): a program it starts (cmd's
// `set`) inherits the cleaned environment. `exit` ends the session -NoExit keeps open otherwise.
describe.runIf(process.platform === "win32")("the Windows wrapper, run in Windows PowerShell", () => {
  it("removes the names no terminal may hold and the =undefined ones, and keeps the rest", () => {
    const launch = shellLaunch("win32", process.env);
    const flags = launch.args.slice(0, -1);
    const script = launch.args.at(-1);
    const output = execFileSync(launch.command, [...flags, `${script}; & $env:ComSpec /c set; exit`], {
      encoding: "utf8",
      input: "",
      timeout: 60_000,
      env: {
        ...process.env,
        ...planted,
      },
    });
    expect(output).toMatch(/^KEEP_ME=yes\r?$/m);
    expect(output).toMatch(/^UNDEFINED_IN_TEXT=not undefined\r?$/m);
    expect(output).not.toMatch(/=undefined\r?$/m);
    expect(output).not.toMatch(/^(OPENCODE_SERVER_PASSWORD|TURNKEY_TOKEN|GITHUB_TOKEN|OPENAI_API_KEY)=/im);
  });
});

describe("terminal tickets", () => {
  it("open one terminal once, and only within their lifetime", () => {
    let now = 1_000;
    const tickets = new TerminalTickets(() => now, 30_000);
    const target = { terminalId: "pty_1", directory: "/p" };
    const once = tickets.issue(target);
    expect(tickets.redeem(once)).toEqual(target);
    expect(tickets.redeem(once)).toBeNull();
    const late = tickets.issue(target);
    now += 30_000;
    expect(tickets.redeem(late)).toBeNull();
    expect(tickets.redeem("made-up")).toBeNull();
  });
});
