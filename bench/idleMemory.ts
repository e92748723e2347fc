// Bench 9, memory half: the backend's RSS, idle with the sidecar running, against a bare Node
// process and the same backend under tsx, side by side.
import { spawn } from "node:child_process";
import { type BenchContext, untilIdle } from "./context.ts";
import { rssMiB, startServe } from "./serveLaunch.ts";
import { round, summarize } from "./stats.ts";

export async function measureIdleMemory(ctx: BenchContext, idleSeconds: number) {
  // Idle memory, side by side: the bundle, the same backend under tsx, and Node doing nothing.
  const bundle = await startServe(ctx);
  const tsx = await startServe(ctx, [process.execPath, "--import", "tsx", "apps/backend/src/cli.ts"]);
  const bare = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const samples = { bundle: [] as number[], tsx: [] as number[], bare: [] as number[] };
  try {
    await untilIdle(bundle.sidecarPid);
    await untilIdle(tsx.sidecarPid);
    for (let i = 0; i < idleSeconds; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      samples.bundle.push(rssMiB(bundle.backendPid));
      samples.tsx.push(rssMiB(tsx.backendPid));
      samples.bare.push(rssMiB(bare.pid!));
    }
  } finally {
    bare.kill();
    await bundle.close();
    await tsx.close();
  }
  const rss = { bundle: summarize(samples.bundle), tsx: summarize(samples.tsx), bare: summarize(samples.bare) };
  const mb = (s: { median: number; max: number }) => `${round(s.median)} MB median, ${round(s.max)} MB max`;
  return {
    rows: [
      { metric: `backend RSS, idle ${idleSeconds} s (the bundle)`, value: mb(rss.bundle) },
      { metric: "same backend under tsx (the old `npm run serve`)", value: mb(rss.tsx) },
      { metric: "bare Node process", value: mb(rss.bare) },
    ],
    goal: "idle RSS ≤ 60 MB",
    met: rss.bundle.max <= 60,
    raw: { rss },
  };
}
