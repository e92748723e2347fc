// Windows: every git (and gh) the backend starts goes into one job object of the backend's own, with
// JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE and no breakaway (packages/sidecar's ProcessJob, as the
// sidecar's), so a backend that dies, however it dies, takes git's whole tree with it: the handle
// is the backend's alone, Windows closes it with the process, and closing the last handle ends every
// process in the job (learn.microsoft.com/windows/win32/api/winnt/ns-winnt-jobobject_basic_limit_information).
// libuv's own job is not enough (review 6, W1): it allows silent breakaway, so only the process Node
// started dies with the backend ("only the processes that we explicitly add are affected, and
// *their* subprocesses are not", libuv src/win/process.c), and that process is Git for Windows'
// launcher (cmd\git.exe, compat/win32/git-wrapper.c), which starts the real mingw64\bin\git.exe, its
// hooks, ssh and credential helpers. In our job they stay: "After a process is associated with a job,
// by default any child processes it creates using CreateProcess are also associated with the job"
// (…/procthread/job-objects), and in a nested hierarchy a child breaks away only up to the first job
// that does not permit it, so the libuv job above ours cannot take them out (…/procthread/nested-jobs).
// Assigning a process already in libuv's job works from Windows 8 on: our job, empty at the first
// git, becomes a child of libuv's, which holds every later git too (AssignProcessToJobObject: "the
// job specified by hJob must be empty or it must be in the hierarchy of nested jobs to which the
// process already belongs").
//
// The race, and why it is left: a child the launcher creates BEFORE the launcher is assigned is not
// in the job (only children created after association are, as quoted above). Node cannot create a
// process suspended (libuv uses CREATE_SUSPENDED only for detached children and resumes them before
// spawn() returns), so the launcher is assigned in the same synchronous step as spawn(), before any
// event of the loop runs, while the launcher has still to be loaded by Windows and run its main()
// before it creates the real git (expected to lose the race; not measured, no Windows here). Should
// the backend's thread stall that long, that git is ended by the deadline or close(), not by a crash.
//
// One job for the backend's life, never closed before it exits: a hook's background job (`make
// watch &`) outlives its git as on POSIX while the backend runs, and ends with the backend.
import { type JobBinding, loadJobBinding, ProcessJob } from "@turnkey/sidecar";

export class GitJob {
  private binding: Promise<JobBinding | null> | null = null;
  private loaded: JobBinding | null = null;
  private job: ProcessJob | null = null;
  private told = false;

  /** `load`: the job API (default: koffi on Windows, none elsewhere; tests inject a fake). */
  constructor(
    private readonly log: (line: string) => void,
    private readonly load: () => Promise<JobBinding | null> = () => loadJobBinding(process.platform, log),
  ) {}

  /** Loads the job API once, at the first git (not at the backend's start: koffi is not needed before). */
  async ready(): Promise<void> {
    this.binding ??= this.load().catch(() => null);
    this.loaded = await this.binding;
  }

  /** Puts a process started a moment ago into the job; call it in the same step as spawn(). Never throws. */
  adopt(pid: number | undefined): void {
    if (!this.loaded || pid === undefined) return;
    try {
      this.job ??= ProcessJob.create(this.loaded);
      this.job.adopt(pid);
    } catch (error) {
      // Once: a job Windows refuses is refused for every git, and the log is not the place for each.
      if (this.told) return;
      this.told = true;
      this.log(
        `Could not put git (pid ${pid}) in the backend's job object (${(error as Error).message}): should the backend crash, a git it started may run on.`,
      );
    }
  }
}
