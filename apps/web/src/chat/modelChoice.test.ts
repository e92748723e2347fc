// Which model an open chat uses when it remembers no choice of its own: the one its prompts last
// asked, while OpenCode offers it, else the model for new chats.
import type { ModelsResponse } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { modelForChat } from "./modelChoice.ts";

const echo = { providerID: "stub", modelID: "echo" };
const big = { providerID: "acme", modelID: "big" };
const summariser = { providerID: "acme", modelID: "summary" };
const offered = (...refs: { providerID: string; modelID: string }[]): ModelsResponse => ({
  providers: refs.map((r) => ({ id: r.providerID, name: r.providerID, models: [{ id: r.modelID, name: r.modelID }] })),
  default: null,
});

describe("the model of an open chat", () => {
  const chat = {
    sessionID: "ses_1",
    messages: [
      { role: "user" as const, model: echo },
      { role: "assistant" as const, model: summariser }, // a compaction's summary, by its own agent's model
    ],
  };

  it("is what its prompts last asked, not the model that wrote the newest reply", () => {
    expect(modelForChat(chat, "ses_1", "acme/big", offered(echo, big, summariser))).toEqual(echo);
  });

  it("is the new chats' model while another chat's messages are shown, or once OpenCode no longer offers its own", () => {
    expect(modelForChat(chat, "ses_2", "acme/big", offered(echo, big))).toEqual(big);
    expect(modelForChat(chat, "ses_1", "acme/big", offered(big))).toEqual(big); // stub disconnected
    expect(modelForChat(chat, "ses_1", "acme/big", null)).toEqual(echo); // the catalog not read yet
    expect(modelForChat({ sessionID: "ses_1", messages: [] }, "ses_1", "", offered(echo))).toBeNull();
  });
});
