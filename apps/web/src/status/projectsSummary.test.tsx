// @vitest-environment happy-dom
// The status window lists the open projects and which sessions are busy or waiting for the user,
// loaded from GET /api/projects and kept current by `projects` events (StatusApp's state).

import { act, cleanup, render, screen, within } from "@testing-library/react";
import type { Project } from "@turnkey/contracts";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

const api = vi.hoisted(() => ({ projects: vi.fn() }));
vi.mock("../shared/api.ts", () => ({ api }));
const { ProjectsSummary } = await import("./ProjectsSummary.tsx");

afterEach(cleanup);

const project = (id: string, name: string, extra: Partial<Project> = {}): Project => ({
  id,
  path: `/home/zoë/${name}`,
  name,
  addedAt: 0,
  openedAt: 0,
  exists: true,
  branch: "main",
  busySessions: [],
  waitingSessions: [],
  ...extra,
});

/** StatusApp's wiring: the list it loads, replaced by what each `projects` event carries. */
let pushEvent: (projects: Project[]) => void = () => undefined;
function Window() {
  const [projects, setProjects] = useState<Project[] | null>(null);
  pushEvent = setProjects;
  return <ProjectsSummary projects={projects} onLoad={setProjects} />;
}

const rowOf = (name: string) => screen.getByRole("link", { name }).closest("li") as HTMLElement;

describe("the status window's projects", () => {
  it("lists each open project with its folder and branch, and which sessions are replying or waiting", async () => {
    api.projects.mockResolvedValue([
      project("p1", "app", { busySessions: ["s1", "s2"], waitingSessions: ["s2"] }),
      project("p2", "site ü", { branch: null }),
      project("p3", "gone", { exists: false, branch: null }),
    ]);
    render(<Window />);
    const app = await screen.findByRole("link", { name: "app" });
    expect(app.getAttribute("href")).toBe("/chat?project=p1");
    expect(rowOf("app").textContent).toContain("/home/zoë/app · main");
    expect(within(rowOf("app")).getByText("2 sessions replying")).toBeTruthy();
    expect(within(rowOf("app")).getByText("1 waiting for you")).toBeTruthy();
    expect(rowOf("site ü").textContent).not.toMatch(/replying|waiting/);
    expect(rowOf("gone").textContent).toContain("folder missing");

    // A `projects` event: a reply ended and another project started one.
    act(() =>
      pushEvent([
        project("p1", "app"),
        project("p2", "site ü", { branch: null, busySessions: ["s3"] }),
        project("p3", "gone", { exists: false, branch: null }),
      ]),
    );
    expect(rowOf("app").textContent).not.toMatch(/replying|waiting/);
    expect(within(rowOf("site ü")).getByText("1 session replying")).toBeTruthy();
  });

  it("says what to do when no project is open yet", async () => {
    api.projects.mockResolvedValue([]);
    render(<Window />);
    expect(await screen.findByText("No project yet: open a folder in the chat window.")).toBeTruthy();
  });
});
