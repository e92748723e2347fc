// git status's branch lines as the Files tab reads them: ahead and behind, and an upstream whose
// branch is gone from its remote (git then writes no ahead/behind line at all).
import { expect, it } from "vitest";
import { parseStatus } from "./gitState.ts";

const status = (...records: string[]) => `${records.join("\0")}\0`;

it("reads ahead and behind, and says when the upstream's branch is gone", () => {
  const tracked = parseStatus(
    status("# branch.oid 1234", "# branch.head feature", "# branch.upstream origin/feature", "# branch.ab +2 -1"),
  );
  expect(tracked).toMatchObject({ branch: "feature", upstream: "origin/feature", ahead: 2, behind: 1 });
  expect(tracked.upstreamGone).toBeUndefined();

  const gone = parseStatus(status("# branch.oid 1234", "# branch.head feature", "# branch.upstream origin/feature"));
  expect(gone).toMatchObject({ upstream: "origin/feature", ahead: 0, behind: 0, upstreamGone: true });

  const none = parseStatus(status("# branch.oid 1234", "# branch.head feature"));
  expect(none.upstream).toBeNull();
  expect(none.upstreamGone).toBeUndefined();
});
