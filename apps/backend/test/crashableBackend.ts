// A backend in a process of its own on the fake sidecar, for a test to SIGKILL (a crash, the OOM
// killer, a power cut all end it so): prints `ready <url> <token>` once it serves, then runs until
// it is killed. Run with tsx: crashableBackend.ts <dataDir> <the fake session's folder>.
import { fakeOpencode, fastConfig } from "../../../packages/sidecar/test/harness.ts";
import { startBackend } from "../src/startBackend.ts";

const [dataDir, sessionDir] = process.argv.slice(2);
if (!dataDir || !sessionDir) throw new Error("usage: crashableBackend.ts <dataDir> <sessionDir>");
const backend = await startBackend({
  dataDir,
  opencodeBin: fakeOpencode,
  autostart: false,
  uiDir: null,
  runtimeUpdates: { registry: "http://127.0.0.1:9/" },
  supervisor: {
    graceMs: 500,
    probeTimeoutMs: 200,
    config: fastConfig,
    env: { FAKE_OPENCODE: "", FAKE_SESSION_DIR: sessionDir },
  },
});
console.log(`ready ${backend.url} ${backend.token}`);
