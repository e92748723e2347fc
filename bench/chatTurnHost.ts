// Benchmark 5's backend host: the backend (startBackend, as the worker and `npm run serve` run it)
// in a Node process of its own, so its CPU time is its own (not the load generator's) and its
// event loop is not shared with the bench's clients. Unlike the bundled worker, it hands the bench
// its sidecar's address and password over IPC, for the baseline turns sent straight to the same
// sidecar. Bundled and forked by bench/chatTurn.ts under plain Node, as the shipped bundles run;
// a bench helper, not part of the product.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { startBackend } from "../apps/backend/src/startBackend.ts";

export type HostRequest = {
  type: "start";
  root: string;
  /** The project folder: the backend's workdir, and so the sidecar's working folder. */
  workdir: string;
  env: Record<string, string>;
  configFile: string;
};
export type HostMessage =
  | { type: "ready"; url: string; token: string }
  | { type: "sidecar"; state: string; url: string | null; password: string | null; pid: number | null }
  | { type: "failed"; message: string };

const post = (message: HostMessage) => {
  if (process.connected) process.send?.(message);
};

process.once("message", async (request: HostRequest) => {
  try {
    const backend = await startBackend({
      dataDir: mkdtempSync(join(request.root, "data-")),
      workdir: request.workdir,
      uiDir: null,
      autostart: false,
      profile: "inherit",
      opencodeConfig: request.configFile,
      supervisor: { env: request.env },
    });
    // Every visible change, so the bench knows (without asking the backend, which would cost it
    // CPU inside the measured turns) whether OpenCode runs and at which address.
    backend.supervisor.onStatus((status) => {
      const connection = status.state === "running" ? backend.supervisor.connection() : null;
      post({
        type: "sidecar",
        state: status.state,
        url: connection?.url ?? null,
        password: connection?.password ?? null,
        pid: status.pid,
      });
    });
    post({ type: "ready", url: backend.url, token: backend.token });
    process.on("disconnect", () => void backend.close().finally(() => process.exit(0)));
  } catch (error) {
    post({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
});
