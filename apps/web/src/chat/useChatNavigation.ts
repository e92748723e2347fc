// Which chat is open and how the user moves between chats and projects: the list, the keyboard
// (previous/next), and the address (the tray's notification or recent project while the window
// is open switches here, no reload). A session named without its project opens under its own
// folder (useSessionFolder, made by ChatApp: the workbench needs the session it finds too).
import type { ChatSession } from "@turnkey/contracts";
import { useEffect, useRef } from "react";
import { type AddressChoice, addressChoice, useAddressOpens, useAddressShows } from "./projects/address.ts";
import type { useProjects } from "./projects/useProjects.ts";
import type { useSessionFolder } from "./projects/useSessionFolder.ts";
import { orderSessions } from "./sessionOrder.ts";

export function useChatNavigation(options: {
  selected: string | null;
  setSelected: (id: string | null) => void;
  sessions: ChatSession[];
  projects: ReturnType<typeof useProjects>;
  /** Where a session named alone works (useSessionFolder over `projects.choose`). */
  folder: ReturnType<typeof useSessionFolder>;
  /** The open chat changes to `id`: what belongs to the one left behind is put away. */
  onLeave: (id: string | null) => void;
}) {
  const { selected, setSelected, sessions, projects, folder, onLeave } = options;
  const projectId = projects.current?.id;
  const projectRef = useRef(projectId);
  projectRef.current = projectId;

  const select = (id: string | null) => {
    if (id === selected) return; // the open conversation stays as it is
    setSelected(id);
    folder.leave();
    onLeave(id);
  };

  const chooseProject = (id: string) => {
    projects.choose(id);
    select(null);
  };

  // A project named without a session opens a new chat there: the other project's stays behind.
  const open = (choice: AddressChoice) => {
    if (choice.project && choice.project !== projectRef.current) {
      if (choice.session) projects.choose(choice.project);
      else chooseProject(choice.project);
    }
    if (choice.session) select(choice.session);
    if (choice.session && !choice.project) folder.place(choice.session);
  };
  useAddressOpens(open);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the address at load, read once
  useEffect(() => {
    const { project, session } = addressChoice();
    if (session && !project) folder.place(session);
  }, []);
  // A session outside every project keeps no project in the address; none is written while asking.
  useAddressShows(folder.asking ? undefined : folder.outside ? null : projectId, selected);

  const step = (by: number) => {
    const ordered = orderSessions(sessions, "");
    const index = ordered.findIndex((s) => s.id === selected);
    const next = ordered[index === -1 ? 0 : Math.max(0, Math.min(ordered.length - 1, index + by))];
    if (next) select(next.id);
  };

  /** Opens a project and/or session as the tray's address does (a chat in another project too). */
  return { select, open, chooseProject, step, projectRef, outside: folder.outside };
}
