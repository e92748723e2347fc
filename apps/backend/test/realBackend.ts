// What every test of the real opencode stands on: the stub provider, a private temp folder
// (opencode's HOME and XDG folders, the data dir, the config) and the backend over both, started
// together and ended together. The browser tests add chromium to it (apps/web/test/browserBackend.ts).
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient, type TurnkeyClient } from "@turnkey/client";
import { removeTree } from "../../../packages/sidecar/test/harness.ts";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { type Backend, type BackendOptions, startBackend } from "../src/startBackend.ts";
import { type StubProvider, startStubProvider } from "./stubProvider.ts";

export interface RealBackendOptions {
  /** Names the temp folder (`turnkey <name>-…`), so a leftover one says which test left it. */
  name: string;
  /**
   * Fills the temp folder before the backend starts and says where OpenCode works. Default: the
   * temp folder itself is the project (`--workdir`); return no `workdir` for a first run.
   */
  prepare?: (root: string) => Partial<BackendOptions>;
  /** More opencode config beside the stub provider (commands, agents, permissions…), or made from the stub (its address). */
  opencodeConfig?: Record<string, unknown> | ((stub: StubProvider) => Record<string, unknown>);
  /** opencode's environment (default: HOME and every XDG folder inside the temp folder). */
  env?: (root: string) => Record<string, string>;
  /** Anything else the backend is started with (autostart, profile, uiDir…). */
  backend?: Partial<BackendOptions>;
}

export interface RealBackend {
  /** The private temp folder, removed by close(). */
  root: string;
  dataDir: string;
  stub: StubProvider;
  backend: Backend;
  client: TurnkeyClient;
  /** Ends the backend and the stub provider and removes the temp folder; safe to call twice. */
  close(): Promise<void>;
  /** Closes the backend and starts another on the same folders (`backend` and `client` are the new one's). */
  restart(): Promise<void>;
}

export async function startRealBackend(options: RealBackendOptions): Promise<RealBackend> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `turnkey ${options.name}-`)));
  const dataDir = join(root, "data");
  const started: { stub?: StubProvider; backend?: Backend } = {};
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await started.backend?.close();
      await started.stub?.close();
      rmSync(root, removeTree);
    })());
  try {
    const stub = await startStubProvider();
    started.stub = stub;
    const backendOptions = {
      dataDir,
      ...(options.prepare ? options.prepare(root) : { workdir: root }),
      opencodeConfig: stub.writeOpencodeConfig(
        root,
        typeof options.opencodeConfig === "function" ? options.opencodeConfig(stub) : options.opencodeConfig,
      ),
      keyCheckBaseUrl: `${stub.url}/v1`,
      ...options.backend,
      supervisor: { env: (options.env ?? isolatedOpencodeEnv)(root), ...options.backend?.supervisor },
    };
    const backend = await startBackend(backendOptions);
    started.backend = backend;
    const clientOf = (b: Backend) => createTurnkeyClient({ baseUrl: b.url, token: b.token });
    const real: RealBackend = {
      root,
      dataDir,
      stub,
      backend,
      client: clientOf(backend),
      close,
      restart: async () => {
        await started.backend?.close();
        started.backend = undefined;
        const next = await startBackend(backendOptions);
        started.backend = next;
        real.backend = next;
        real.client = clientOf(next);
      },
    };
    return real;
  } catch (error) {
    await close();
    throw error;
  }
}
