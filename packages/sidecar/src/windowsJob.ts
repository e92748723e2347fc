// A Windows job object around a process tree: every process in it (and every process those start,
// since the job allows no breakaway) ends when the job is terminated or its last handle closes,
// however the holder dies. The Win32 calls sit behind JobBinding so the logic runs under Node with
// a fake; windowsJobKoffi.ts is the real binding.
//
// Documented behaviour relied on (learn.microsoft.com/windows/win32/procthread/job-objects,
// …/nested-jobs, …/api/winnt/ns-winnt-jobobject_basic_limit_information):
// - JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE: all processes of the job end when its last handle closes.
// - Without JOB_OBJECT_LIMIT_BREAKAWAY_OK / SILENT_BREAKAWAY_OK, children created with
//   CreateProcess stay in the job; in a nested hierarchy a child breaks away only up to the first
//   job that does not allow it, so libuv's own (silent-breakaway) job cannot take them out of ours.
// - AssignProcessToJobObject on a process already in a job works when our job is empty (it nests).
// - JOBOBJECT_BASIC_PROCESS_ID_LIST lists the processes of the job and of its child jobs.

export interface JobBinding {
  /** CreateJobObjectW + SetInformationJobObject(JobObjectExtendedLimitInformation, KILL_ON_JOB_CLOSE). */
  createKillOnCloseJob(): unknown;
  /** OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE) + AssignProcessToJobObject. */
  assign(job: unknown, pid: number): void;
  /** QueryInformationJobObject(JobObjectBasicProcessIdList). */
  processIds(job: unknown): number[];
  /** TerminateJobObject. */
  terminate(job: unknown, exitCode: number): void;
  /** CloseHandle: with KILL_ON_JOB_CLOSE this ends whatever is still in the job. */
  close(job: unknown): void;
}

/** One job holding a process tree. */
export class ProcessJob {
  private closed = false;

  private constructor(
    private readonly binding: JobBinding,
    private readonly handle: unknown,
  ) {}

  static create(binding: JobBinding): ProcessJob {
    return new ProcessJob(binding, binding.createKillOnCloseJob());
  }

  /** Puts a running process (and so all it starts from now on) into the job. */
  adopt(pid: number): void {
    this.binding.assign(this.handle, pid);
  }

  /** Every process in the job, whoever its parent was: no process listing needed. */
  pids(): number[] {
    return this.closed ? [] : this.binding.processIds(this.handle);
  }

  /** Ends every process in the job at once. */
  terminate(exitCode = 1): void {
    if (!this.closed) this.binding.terminate(this.handle, exitCode);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.binding.close(this.handle);
  }
}

/**
 * Jobs for a platform: the koffi binding on Windows, none elsewhere. A binding that cannot load
 * (a damaged install) means no job, never a crash: the tree kill by listing still works.
 */
export async function loadJobBinding(
  platform: NodeJS.Platform = process.platform,
  log: (line: string) => void = () => undefined,
): Promise<JobBinding | null> {
  if (platform !== "win32") return null;
  // koffi finds its native module under process.resourcesPath in a packaged app; the backend
  // worker (a utility process) is told that folder by the main process.
  const resources = process.env.TURNKEY_RESOURCES_DIR;
  const electronProcess = process as NodeJS.Process & { resourcesPath?: string };
  if (resources && !electronProcess.resourcesPath) electronProcess.resourcesPath = resources;
  try {
    const { koffiJobBinding } = await import("./windowsJobKoffi.ts");
    return koffiJobBinding();
  } catch (error) {
    log(`Windows job objects are unavailable (${(error as Error).message}); stops list the process tree instead.`);
    return null;
  }
}
