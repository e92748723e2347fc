// The folders the backend is started with (`--project`, then `--workdir`): added to the project
// list before anything starts, the work folder last so it is the most recent. A folder that cannot
// be one is its sentence (the caller exits with it), not a half-started app.
import type { ProjectStore } from "./projectStore.ts";

export async function addStartFolders(
  projects: ProjectStore,
  given: { projects?: string[] | undefined; workdir?: string | undefined },
): Promise<{ ok: true; paths: string[] } | { ok: false; message: string }> {
  const folders = [...(given.projects ?? [])].reverse();
  if (given.workdir) folders.push(given.workdir);
  const paths: string[] = [];
  for (const folder of folders) {
    const added = await projects.add(folder);
    if (!added.ok) return { ok: false, message: added.message };
    paths.push(added.project.path);
  }
  return { ok: true, paths };
}
