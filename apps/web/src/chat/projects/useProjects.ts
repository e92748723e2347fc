// The chat window's projects: the backend's list (recent first, kept current by `projects`
// events) and which one this window shows, remembered per window (sessionStorage) so two windows
// can work on two projects. `?project=ID` in the address (the tray opens the window that way) wins,
// and is remembered like a choice made here: a later load without it (the desktop app reloads its
// windows onto a restarted backend) stays on that project.
import type { Project } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { addressChoice } from "./address.ts";

const storageKey = "turnkey.project";

function initialChoice(): string | null {
  const fromUrl = addressChoice().project;
  try {
    if (fromUrl) window.sessionStorage.setItem(storageKey, fromUrl);
    return fromUrl ?? window.sessionStorage.getItem(storageKey);
  } catch {
    return fromUrl;
  }
}

export function useProjects(onProblem: (message: string) => void) {
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(initialChoice);

  const reload = useCallback(() => api.projects().then(setProjects, (e) => onProblem(errorMessage(e))), [onProblem]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const choose = useCallback((id: string) => {
    setChosen(id);
    try {
      window.sessionStorage.setItem(storageKey, id);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);

  /** Adds a folder (or finds it again) and shows it; a bad path throws with the backend's sentence. */
  const open = useCallback(
    async (path: string) => {
      const { project } = await api.addProject(path);
      setProjects((all) => [project, ...(all ?? []).filter((p) => p.id !== project.id)]);
      choose(project.id);
      return project;
    },
    [choose],
  );

  const forget = useCallback(async (id: string) => {
    await api.removeProject(id);
    setProjects((all) => (all ?? []).filter((p) => p.id !== id));
  }, []);

  // The chosen project, or the most recent one when none was chosen (or it was forgotten).
  const current = projects?.find((p) => p.id === chosen) ?? projects?.[0] ?? null;
  return { projects, current, choose, open, forget, onProjects: setProjects, reload };
}
