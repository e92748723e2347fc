// What every browser test stands on: the headless backend with the real opencode and the stub
// provider in a private temp folder (apps/backend/test/realBackend.ts), and Debian's chromium;
// started together, ended together.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { type Browser, chromium, type Page } from "playwright-core";
import { beforeEach } from "vitest";
import { ensureWebBuild } from "../../../scripts/ensureWebBuild.ts";
import type { Backend, BackendOptions } from "../../backend/src/startBackend.ts";
import { type RealBackendOptions, startRealBackend } from "../../backend/test/realBackend.ts";
import type { StubProvider } from "../../backend/test/stubProvider.ts";
import { chromiumArgs, chromiumPath } from "./chromium.ts";

/** Where browser tests put their screenshots. */
export const artifacts = join(import.meta.dirname, "..", "..", "..", "test-artifacts");

/** The backends this test file started and has not closed: a failing test prints theirs. */
const live = new Set<BrowserBackend>();
// A browser test that fails in CI says why without a rerun: OpenCode restarting under load, a
// reply OpenCode finished that the page never showed, what the page showed, or an error in the
// backend's log. It is added to the failure's own message, which the run's summary prints even
// where the console output around it is cut.
beforeEach(({ onTestFailed, task }) => {
  onTestFailed(async () => {
    const explained = await Promise.all([...live].map((setup) => setup.explain()));
    const first = task.result?.errors?.[0];
    if (first) first.message += `\n\nWhat the backend and the pages showed then:\n${explained.join("\n")}`;
    else for (const text of explained) console.error(`"${task.name}" failed. ${text}`);
  });
});

export interface BrowserBackendOptions {
  /** Names the temp folder (`turnkey <name>-…`), so a leftover one says which test left it. */
  name: string;
  /**
   * Fills the temp folder before the backend starts and says where OpenCode works. Default: the
   * temp folder itself is the project (`--workdir`); return no `workdir` for a first run.
   */
  prepare?: (root: string) => Pick<BackendOptions, "workdir" | "homeDir">;
  /** More opencode config beside the stub provider (commands, agents…), or made from the stub (its address). */
  opencodeConfig?: RealBackendOptions["opencodeConfig"];
  /** Anything else the backend is started with (another opencode, no autostart…). */
  backend?: RealBackendOptions["backend"];
}

export interface BrowserBackend {
  /** The private temp folder: opencode's HOME and XDG folders, the data dir, the config. */
  root: string;
  stub: StubProvider;
  backend: Backend;
  browser: Browser;
  /** Console errors and uncaught errors of every page given to `watch`. */
  pageErrors: string[];
  /** The backend's address for `path`, logged in as the app's windows are: the token in the fragment. */
  loginUrl(path: string): string;
  /** Records the page's console errors and uncaught errors in `pageErrors`. */
  watch(page: Page): Page;
  /**
   * What a failed test prints so a failure in CI explains itself: OpenCode's state and restarts,
   * the latest chat's turns as OpenCode recorded them (each tool's status), the backend's last log lines.
   */
  explain(): Promise<string>;
  close(): Promise<void>;
}

export async function startBrowserBackend(options: BrowserBackendOptions): Promise<BrowserBackend> {
  ensureWebBuild();
  mkdirSync(artifacts, { recursive: true });
  const real = await startRealBackend(options);
  const { root, stub, backend } = real;
  let browser: Browser | undefined;
  let setup: BrowserBackend | undefined;
  const close = async () => {
    if (setup) live.delete(setup);
    await browser?.close();
    await real.close();
  };
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const pageErrors: string[] = [];
    const pages = new Set<Page>();
    setup = {
      root,
      stub,
      backend,
      browser,
      pageErrors,
      loginUrl: (path) => `${backend.url}${path}#token=${encodeURIComponent(backend.token)}`,
      watch(page) {
        page.on("console", (msg) => msg.type() === "error" && pageErrors.push(msg.text()));
        page.on("pageerror", (error) => pageErrors.push(error.message));
        pages.add(page);
        page.on("close", () => pages.delete(page));
        return page;
      },
      explain: async () =>
        [
          await explainBackend(backend),
          ...(await Promise.all([...pages].map(explainPage))),
          `Page errors: ${JSON.stringify(pageErrors.slice(-5))}`,
        ].join("\n"),
      close,
    };
    live.add(setup);
    return setup;
  } catch (error) {
    await close();
    throw error;
  }
}

/** A git repository at `<root>/project` holding `files` (relative path → text), committed once. */
export function gitProject(root: string, files: Record<string, string>): string {
  const project = join(root, "project");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  }
  const git = (...args: string[]) => execFileSync("git", args, { cwd: project });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init");
  return project;
}

/** The chat window at the desktop window size, logged in, once OpenCode's pickers are there. */
export async function openChatWindow(setup: BrowserBackend): Promise<Page> {
  const context = await setup.browser.newContext({ viewport: { width: 1180, height: 760 } });
  const page = setup.watch(await context.newPage());
  await page.goto(setup.loginUrl("/chat"));
  await page.locator(".agent-picker select").waitFor({ timeout: 150_000 });
  return page;
}

async function explainBackend(backend: Backend): Promise<string> {
  const { state, restarts, lastExit, health } = backend.supervisor.status();
  const lines = [
    `OpenCode: ${state}, ${restarts} restart(s), last exit ${JSON.stringify(lastExit)}, health ${JSON.stringify(health)}`,
  ];
  try {
    const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
    const [latest] = (await client.sessions()).sort((a, b) => b.updatedAt - a.updatedAt);
    if (latest) {
      lines.push(`Latest chat "${latest.title}" as OpenCode recorded it:`);
      for (const message of await client.messages(latest.id)) {
        const parts = message.parts.map((part) =>
          part.type === "tool"
            ? `${part.tool} ${part.state.status} ${JSON.stringify(part.state.output ?? "")}`
            : part.type,
        );
        lines.push(
          `  ${message.role} completed=${message.completedAt} error=${JSON.stringify(message.error)}: ${parts.join("; ")}`,
        );
      }
    }
  } catch (error) {
    lines.push(`(the chat could not be read: ${String(error)})`);
  }
  lines.push("The backend's last log lines:");
  for (const { at, stream, line } of backend.supervisor.logs.tail(40))
    lines.push(`  ${new Date(at).toISOString()} [${stream}] ${line}`);
  return lines.join("\n");
}

/** What a watched page showed: its banner, whether a reply was under way, the last messages, a held one. */
async function explainPage(page: Page): Promise<string> {
  const shown = page.evaluate(() => {
    const text = (selector: string) =>
      Array.from(document.querySelectorAll(selector)).map((e) =>
        (e.textContent ?? "").replace(/\s+/g, " ").slice(0, 160),
      );
    return {
      url: location.pathname,
      banners: text(".banner"),
      working: text(".working"),
      held: text('[aria-label="Message waiting for OpenCode"]'),
      problems: text('[role="alert"]'),
      lastMessages: text(".message").slice(-4),
      box: (document.querySelector("#prompt") as HTMLTextAreaElement | null)?.value ?? null,
    };
  });
  // A page stuck in a loop never answers: say so rather than hang the failure's report.
  const deadline = new Promise<string>((resolve) =>
    setTimeout(() => resolve("(the page did not answer in 3 s)"), 3_000),
  );
  return `Page: ${await Promise.race([shown.then((s) => JSON.stringify(s)), deadline]).catch(String)}`;
}
