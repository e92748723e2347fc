import { TurnkeyApiError } from "@turnkey/client";
import type { Project } from "@turnkey/contracts";
import { describe, expect, it, vi } from "vitest";
import { folderDialog, openProject } from "./openProject.ts";

const project = { id: "p1", path: "/work/app", name: "app" } as Project;

function deps(addProject: (path: string) => Promise<{ project: Project; created: boolean }>, picked: string | null) {
  return {
    client: () => ({ addProject: vi.fn(addProject) }),
    pickFolder: async () => picked,
    showProblem: vi.fn(),
    openChat: vi.fn(),
  };
}

describe("Open project… from the tray", () => {
  it("adds the picked folder through the backend and opens the chat window on it", async () => {
    const d = deps(async () => ({ project, created: true }), "/work/app");
    await openProject(d);
    expect(d.openChat).toHaveBeenCalledWith({ projectId: "p1" });
    expect(d.showProblem).not.toHaveBeenCalled();
  });

  it("shows the backend's own sentence when it refuses the folder, and opens nothing", async () => {
    const refusal = new TurnkeyApiError(400, "invalid_path", "The folder /work/gone does not exist. Pick another.");
    const d = deps(async () => Promise.reject(refusal), "/work/gone");
    await openProject(d);
    expect(d.showProblem).toHaveBeenCalledWith(
      "This folder cannot be opened as a project",
      "The folder /work/gone does not exist. Pick another.",
    );
    expect(d.openChat).not.toHaveBeenCalled();
  });

  it("does nothing when the dialog is cancelled", async () => {
    const add = vi.fn();
    const d = { ...deps(add, null), client: () => ({ addProject: add }) };
    await openProject(d);
    expect(add).not.toHaveBeenCalled();
    expect(d.openChat).not.toHaveBeenCalled();
  });

  it("asks Electron for one folder and reads a cancel as no folder", async () => {
    const show = vi.fn(async () => ({ canceled: false, filePaths: ["/work/app"] }));
    expect(await folderDialog(show)()).toBe("/work/app");
    expect(show).toHaveBeenCalledWith(expect.objectContaining({ properties: ["openDirectory"] }));
    expect(await folderDialog(async () => ({ canceled: true, filePaths: [] }))()).toBeNull();
  });
});
