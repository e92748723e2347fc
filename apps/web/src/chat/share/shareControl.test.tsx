// @vitest-environment happy-dom
// The Share control where sharing is off: it says which config turns it off and offers nothing to
// press; a chat shared before still shows its link so it can be stopped. Signed in to an OpenCode
// console organisation, the consent names the organisation and its address, where the chat goes;
// when that could not be checked it says so and offers nothing; a service named by enterprise.url
// is not called OpenCode's own.

import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { type ShareState, sharingOffSentence } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";

const api = vi.hoisted(() => ({
  shareState: vi.fn<() => Promise<ShareState>>(),
  share: vi.fn(),
  unshare: vi.fn(),
}));
vi.mock("../../shared/api.ts", () => ({ api, errorMessage: (e: unknown) => String(e) }));
const { ShareControl } = await import("./ShareControl.tsx");

const state = (over: Partial<ShareState>): ShareState => ({
  url: null,
  service: "https://opncd.ai",
  disabled: false,
  disabledIn: null,
  organisation: null,
  unknownRecipient: null,
  ...over,
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe("the Share control", () => {
  it("says the project turns sharing off, names the file, and offers nothing to share", async () => {
    api.shareState.mockResolvedValue(state({ disabled: true, disabledIn: "/work/app/opencode.json" }));
    render(<ShareControl sessionID="ses_1" live />);
    const sentence = sharingOffSentence("/work/app/opencode.json");
    await screen.findByText(sentence);
    expect(sentence).toContain('/work/app/opencode.json says "share": "disabled"');
    expect(screen.queryAllByRole("button")).toEqual([]);
    expect(api.share).not.toHaveBeenCalled();
  });

  it("still offers Stop sharing for a chat shared before sharing was turned off", async () => {
    api.shareState.mockResolvedValue(
      state({ disabled: true, disabledIn: "/work/app/opencode.json", url: "https://opncd.ai/s/1" }),
    );
    render(<ShareControl sessionID="ses_1" live />);
    await screen.findByRole("button", { name: "Stop sharing" });
    expect(screen.queryByRole("button", { name: "Share a public link…" })).toBeNull();
  });

  it("names the console organisation and its address in the consent", async () => {
    api.shareState.mockResolvedValue(
      state({ service: "https://acme.console.example", organisation: { name: "Acme", account: "me@acme.example" } }),
    );
    render(<ShareControl sessionID="ses_1" live />);
    fireEvent.click(await screen.findByRole("button", { name: "Share a public link…" }));
    const consent = screen.getByRole("group", { name: "Share this chat publicly?" });
    expect(consent.textContent).toContain(
      "your OpenCode console organisation Acme (signed in as me@acme.example) at acme.console.example",
    );
    expect(screen.getByRole("button", { name: "Share publicly via acme.console.example" })).toBeTruthy();
    expect(api.share).not.toHaveBeenCalled();
  });

  it("offers nothing when where a share would go could not be checked, and says so", async () => {
    const sentence = "You are signed in to an OpenCode console organisation (…), but it could not be reached.";
    api.shareState.mockResolvedValue(state({ unknownRecipient: sentence }));
    render(<ShareControl sessionID="ses_1" live />);
    await screen.findByText(sentence);
    expect(screen.queryAllByRole("button")).toEqual([]);
  });

  it("does not call a service named by enterprise.url OpenCode's own", async () => {
    api.shareState.mockResolvedValue(state({ service: "https://opncd.ai.share-eu.example" }));
    render(<ShareControl sessionID="ses_1" live />);
    fireEvent.click(await screen.findByRole("button", { name: "Share a public link…" }));
    const consent = screen.getByRole("group", { name: "Share this chat publicly?" }).textContent ?? "";
    expect(consent).not.toContain("OpenCode's share service");
    expect(consent).toContain("the share service at opncd.ai.share-eu.example, named by enterprise.url in OpenCode's");
    expect(consent).toContain("not OpenCode's own service (opncd.ai)");
  });
});
