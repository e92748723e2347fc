// What every browser test stands on: the headless backend with the real opencode and the stub
// provider in a private temp folder (apps/backend/test/realBackend.ts), and Debian's chromium;
// started together, ended together.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { ensureWebBuild } from "../../../scripts/ensureWebBuild.ts";
import type { Backend, BackendOptions } from "../../backend/src/startBackend.ts";
import { type RealBackendOptions, startRealBackend } from "../../backend/test/realBackend.ts";
import type { StubProvider } from "../../backend/test/stubProvider.ts";
import { chromiumArgs, chromiumPath } from "./chromium.ts";

/** Where browser tests put their screenshots. */
export const artifacts = join(import.meta.dirname, "..", "..", "..", "test-artifacts");

export interface BrowserBackendOptions {
  /** Names the temp folder (`turnkey <name>-…`), so a leftover one says which test left it. */
  name: string;
  /**
   * Fills the temp folder before the backend starts and says where OpenCode works. Default: the
   * temp folder itself is the project (`--workdir`); return no `workdir` for a first run.
   */
  prepare?: (root: string) => Pick<BackendOptions, "workdir" | "homeDir">;
  /** More opencode config beside the stub provider (commands, agents…). */
  opencodeConfig?: Record<string, unknown>;
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
  close(): Promise<void>;
}

export async function startBrowserBackend(options: BrowserBackendOptions): Promise<BrowserBackend> {
  ensureWebBuild();
  mkdirSync(artifacts, { recursive: true });
  const real = await startRealBackend(options);
  const { root, stub, backend } = real;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await real.close();
  };
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const pageErrors: string[] = [];
    return {
      root,
      stub,
      backend,
      browser,
      pageErrors,
      loginUrl: (path) => `${backend.url}${path}#token=${encodeURIComponent(backend.token)}`,
      watch(page) {
        page.on("console", (msg) => msg.type() === "error" && pageErrors.push(msg.text()));
        page.on("pageerror", (error) => pageErrors.push(error.message));
        return page;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
