// `npm run typecheck`: the three TypeScript projects (packages and backend, the web UI, the
// desktop shell) checked at the same time. tsc uses one core, and `npm test` waited for the three
// one after another on CI's two cores. Each one's output is printed whole once it ends; the exit
// code is non-zero when any failed.
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const projects = ["tsconfig.json", "apps/web/tsconfig.json", "apps/desktop/tsconfig.json"];

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, "-p", project], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ project, code: 1, output: `${output}${error.message}\n` }));
    child.on("close", (code) => resolve({ project, code: code ?? 1, output }));
  });
}

const results = await Promise.all(projects.map(check));
for (const { project, code, output } of results) {
  if (output) process.stdout.write(output);
  if (code !== 0) process.stderr.write(`tsc -p ${project} failed (exit code ${code}).\n`);
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
