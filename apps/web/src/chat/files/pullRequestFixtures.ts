// The pull request section's test fixtures: a pull request and a draft as the backend answers
// them, a fake source whose every call is a mock, and opening the closed section.

import { fireEvent, screen } from "@testing-library/react";
import type { PullRequestDraft, PullRequestInfo, PullRequestRepository } from "@turnkey/contracts";
import { vi } from "vitest";
import type { PullRequestSource } from "./pullRequestSource.ts";

export const pr: PullRequestInfo = {
  number: 12,
  title: "Add the login page",
  state: "open",
  draft: true,
  url: "https://github.com/o/r/pull/12",
  base: "main",
  head: "login",
  checks: { passed: 3, failed: 1, pending: 0 },
  checkList: [
    { name: "lint", state: "failed", url: "https://github.com/o/r/actions/runs/9" },
    { name: "test", state: "passed", url: null },
    { name: "build", state: "passed", url: null },
    { name: "types", state: "passed", url: null },
  ],
  headSha: "0123456789abcdef0123456789abcdef01234567",
  crossRepository: false,
  mergeable: "mergeable",
  mergeState: "unstable",
};
export const draft: PullRequestDraft = {
  branch: "login",
  remote: "origin",
  bases: ["main", "release"],
  base: "main",
  title: "Add the login form",
  body: "It posts to /login.",
  upstream: null,
  ahead: 0,
  commits: 1,
};

export const repository: PullRequestRepository = {
  methods: ["merge", "squash"],
  defaultMethod: "squash",
  deleteBranchOnMerge: true,
  reviewers: [
    { login: "octo", name: "Octo Cat" },
    { login: "mona", name: "" },
  ],
  labels: [{ name: "bug", description: "Something is wrong" }],
};

export function fakeSource() {
  return {
    view: vi.fn(async () => ({ branch: "login", pullRequest: null as PullRequestInfo | null })),
    draft: vi.fn(async () => draft),
    create: vi.fn(),
    repository: vi.fn(async () => repository),
    merge: vi.fn(),
    ready: vi.fn(),
  } satisfies PullRequestSource;
}

export const open = () => {
  const details = screen.getByText("Pull request").closest("details") as HTMLDetailsElement;
  details.open = true;
  fireEvent(details, new Event("toggle"));
  return details;
};
