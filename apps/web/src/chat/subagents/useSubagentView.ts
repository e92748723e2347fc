// A subagent's chat opened from its tool call: which chat started it (for the way back) and its
// title, kept while that child is the open chat. Opening any other chat leaves the view.
import { useCallback, useRef, useState } from "react";
import { api } from "../../shared/api.ts";
import type { OpenSubagent } from "./openSubagent.ts";

export interface SubagentView {
  childID: string;
  parentID: string;
  /** Null until known: the click came before the task call that names it was read. */
  title: string | null;
}

export function useSubagentView(selected: string | null, select: (id: string | null) => void) {
  const [opened, setOpened] = useState<SubagentView | null>(null);
  const view = opened && opened.childID === selected ? opened : null;
  // Stable: every tool call of the list reads it from context, and a new one would redraw them all.
  const current = useRef({ selected, select });
  current.current = { selected, select };
  const open: OpenSubagent = useCallback((childID, title) => {
    const { selected, select } = current.current;
    if (!selected || childID === selected) return;
    // From a subagent's chat into its own subagent: the way back leads to where the user was.
    setOpened({ childID, parentID: selected, title: title || null });
    select(childID);
    // Opened before its parent's messages were read (a waiting card comes first): the subagent's
    // own session has the title OpenCode gave it. A failed lookup keeps the generic name.
    if (!title) {
      api.session(childID).then(
        (session) =>
          setOpened((now) => (now?.childID === childID && !now.title ? { ...now, title: session.title } : now)),
        () => undefined,
      );
    }
  }, []);
  return {
    view,
    open,
    back: () => {
      if (view) select(view.parentID);
    },
  };
}
