// What the agent waits on: a permission (a tool wants to run) or a question (opencode's
// `question` tool). Both are one "the agent is waiting for you" list per session, mirrored to
// every window through `waiting` chat events and cleared wherever it is answered.
import { z } from "zod";

export const QuestionOption = z.object({ label: z.string(), description: z.string() });
export const QuestionInfo = z.object({
  question: z.string(),
  /** A very short label (opencode asks for at most 30 characters). */
  header: z.string(),
  options: z.array(QuestionOption),
  /** More than one option may be picked. */
  multiple: z.boolean(),
  /** A typed answer is allowed besides the options (opencode's default). */
  custom: z.boolean(),
});
export type QuestionInfo = z.infer<typeof QuestionInfo>;

export const QuestionRequest = z.object({
  id: z.string(),
  sessionID: z.string(),
  questions: z.array(QuestionInfo),
  toolCallID: z.string().nullable(),
});
export type QuestionRequest = z.infer<typeof QuestionRequest>;

/** A card's reason is a sentence; an error inside one is cut to fit (a longer one would fail the schema, and hide the card). */
export const whyAskedMax = 1_000;

export const PermissionRequest = z.object({
  id: z.string(),
  permission: z.string(),
  patterns: z.array(z.string()),
  toolCallID: z.string().nullable(),
  /** Why the chat's allow setting left it to the user (it names a protected place, the loop guard…); set by the backend. */
  whyAsked: z.string().max(whyAskedMax).optional(),
});
export type PermissionRequest = z.infer<typeof PermissionRequest>;

/** One answer per question, in order: the labels picked and/or the typed text. */
export const QuestionAnswers = z.array(z.array(z.string().max(10_000)).max(100)).max(100);
export const QuestionReplyRequest = z.object({ answers: QuestionAnswers }).strict();
export type QuestionReplyRequest = z.infer<typeof QuestionReplyRequest>;

export const PendingRequest = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("permission"),
    id: z.string(),
    sessionID: z.string(),
    at: z.number(),
    permission: PermissionRequest,
  }),
  z.object({
    kind: z.literal("question"),
    id: z.string(),
    sessionID: z.string(),
    at: z.number(),
    question: QuestionRequest,
  }),
]);
export type PendingRequest = z.infer<typeof PendingRequest>;

/** Every session that waits for the user, with what it waits on (oldest first). */
export const WaitingResponse = z.object({
  sessions: z.array(
    z.object({ sessionID: z.string(), projectId: z.string().nullable(), pending: z.array(PendingRequest) }),
  ),
});
export type WaitingResponse = z.infer<typeof WaitingResponse>;
