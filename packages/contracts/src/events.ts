// The events of GET /api/events, by SSE event name, each with its payload schema.
import type { z } from "zod";
import { LogLine } from "./api.ts";
import { ChatEvent } from "./chat.ts";
import { RuntimeStatus } from "./maintenance.ts";
import { SidecarStatus } from "./status.ts";

export const eventSchemas = {
  status: SidecarStatus,
  log: LogLine,
  chat: ChatEvent,
  runtime: RuntimeStatus,
} as const;
export type TurnkeyEventName = keyof typeof eventSchemas;
export type TurnkeyEvent = {
  [K in TurnkeyEventName]: { event: K; data: z.infer<(typeof eventSchemas)[K]> };
}[TurnkeyEventName];
