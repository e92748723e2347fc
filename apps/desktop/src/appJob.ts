// Windows: the main process puts the backend worker into a job object with
// JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE and no breakaway. The worker, the sidecar and every process
// under them (a bash tool's dev server too) then end when the app ends, however it ends (crash,
// Task Manager, logoff): Windows closes the app's handles, the last handle to the job goes, and
// the job kills the rest. No JavaScript has to run for it. (See packages/sidecar/src/windowsJob.ts
// for the documented behaviour.)
import { type JobBinding, loadJobBinding, ProcessJob } from "@turnkey/sidecar";

export interface AppJob {
  /** Adds a freshly started worker; failures are logged, never thrown. */
  adopt(pid: number | undefined): void;
}

export async function createAppJob(
  log: (line: string) => void,
  platform: NodeJS.Platform = process.platform,
  binding: Promise<JobBinding | null> = loadJobBinding(platform, log),
): Promise<AppJob | null> {
  const loaded = await binding;
  if (!loaded) return null;
  let job: ProcessJob;
  try {
    // Never closed: the handle lives as long as the app, which is the point.
    job = ProcessJob.create(loaded);
  } catch (error) {
    log(`Could not create the job object (${(error as Error).message}); the tree is ended by Stop and Quit only.`);
    return null;
  }
  return {
    adopt(pid) {
      if (pid === undefined) return;
      try {
        job.adopt(pid);
      } catch (error) {
        log(`Could not add the backend (pid ${pid}) to the job object: ${(error as Error).message}`);
      }
    },
  };
}
