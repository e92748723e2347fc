// The diff viewer behind a dynamic import: its chunk loads the first time a diff is shown.
// Tool-call rendering uses this too, for an edit's inline diff.
import { lazy, Suspense } from "react";
import type { DiffMode } from "./DiffView.tsx";

const DiffView = lazy(() => import("./DiffView.tsx"));

export function LazyDiffView(props: { patch: string; path?: string; mode?: DiffMode }) {
  return (
    <Suspense fallback={<p className="diff-loading">Loading the diff…</p>}>
      <DiffView {...props} />
    </Suspense>
  );
}
