// The diff viewer behind a dynamic import: its chunk loads the first time a diff is shown.
// (An edit's inline diff in the conversation comes through ToolDiff's chunk, which holds it.)
import { lazy, Suspense } from "react";
import { ProblemBoundary } from "../../shared/ProblemBoundary.tsx";

const DiffView = lazy(() => import("./DiffView.tsx"));

export function LazyDiffView(props: { patch: string; path?: string }) {
  return (
    <ProblemBoundary what="The diff">
      <Suspense fallback={<p className="diff-loading">Loading the diff…</p>}>
        <DiffView {...props} />
      </Suspense>
    </ProblemBoundary>
  );
}
