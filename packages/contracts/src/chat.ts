// Chat payloads: sessions, messages, models, providers and the `chat` events of /api/events.
// Our own shapes, mapped from opencode's, so the windows do not break when opencode's change.
import { z } from "zod";
import { AllowSetting } from "./allow.ts";
import { PendingRequest, PermissionRequest, QuestionAnswers, QuestionRequest } from "./questions.ts";
import {
  FilePartView,
  MessageUsage,
  SessionDiffEvent,
  SessionRevert,
  TodoUpdatedEvent,
  ToolFileDiff,
} from "./workbench.ts";

/** Lengths capped (a 900 KB model id was once stored); opencode's own ids are far shorter. */
export const ModelRef = z.object({ providerID: z.string().min(1).max(100), modelID: z.string().min(1).max(300) });
export type ModelRef = z.infer<typeof ModelRef>;

export const ModelsResponse = z.object({
  providers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      models: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
  default: ModelRef.nullable(),
  /** opencode's config names the model (a deliberate choice), rather than a provider's default. */
  configured: z.boolean().optional(),
});
export type ModelsResponse = z.infer<typeof ModelsResponse>;

export const ChatSession = z.object({
  id: z.string(),
  title: z.string(),
  /** UUID v5 of the caller's key, for keyed sessions. */
  key: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Set while the session is rolled back (undo); unrevert clears it. */
  revert: SessionRevert.nullable().optional(),
  /** The project folder the session works in. */
  directory: z.string(),
  /**
   * OpenCode keeps snapshots of this session's files (its folder is in a git repository), so an
   * undo puts the files back too. False: an undo takes back the conversation only.
   */
  filesTracked: z.boolean().optional(),
  /** Its project in the backend's list, or null when that folder is not (or no longer) listed. */
  projectId: z.string().nullable(),
  /** A subagent's session (opencode's `task` tool) names the session that started it. */
  parentID: z.string().nullable().optional(),
  /** In the sessions list: the ids of this session's subagent sessions, which are not listed themselves. */
  children: z.array(z.string()).optional(),
});
export type ChatSession = z.infer<typeof ChatSession>;

export const SessionsResponse = z.object({ sessions: z.array(ChatSession) });
export const CreateSessionRequest = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    key: z.string().min(1).max(500).optional(),
    /** The project to work in (an id from /api/projects)… */
    projectId: z.string().min(1).max(128).optional(),
    /** …or a folder, added to the projects when it is a valid one. Neither: the most recent project. */
    directory: z.string().max(64_000).optional(),
  })
  .strict()
  .refine((r) => !(r.projectId && r.directory), "give projectId or directory, not both");
export const CreateSessionResponse = z.object({ session: ChatSession, created: z.boolean() });
export const UpdateSessionRequest = z.object({ title: z.string().trim().min(1).max(200) }).strict();

export const ToolState = z.object({
  status: z.enum(["pending", "running", "completed", "error"]),
  title: z.string().nullable(),
  input: z.unknown(),
  output: z.string().nullable(),
  error: z.string().nullable(),
  /** For tools that changed a file (edit, write…): the diff, to show inline. */
  diff: ToolFileDiff.nullable().optional(),
  /** For the `task` tool: the subagent's own session, where its work can be read. */
  childSessionID: z.string().nullable().optional(),
  /**
   * For the `write` tool once done: true when it replaced a file that existed (its input is the
   * whole new file, not what changed), false for a new file; null when opencode did not say.
   */
  replaced: z.boolean().nullable().optional(),
});
export const ChatPart = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), id: z.string(), text: z.string() }),
  z.object({ type: z.literal("reasoning"), id: z.string(), text: z.string() }),
  z.object({ type: z.literal("tool"), id: z.string(), tool: z.string(), callID: z.string(), state: ToolState }),
  FilePartView,
  z.object({ type: z.literal("other"), id: z.string(), kind: z.string() }),
]);
export type ChatPart = z.infer<typeof ChatPart>;

export const MessageError = z.object({ name: z.string(), message: z.string() });
export const ChatMessage = z.object({
  id: z.string(),
  sessionID: z.string(),
  role: z.enum(["user", "assistant"]),
  createdAt: z.number(),
  completedAt: z.number().nullable(),
  model: ModelRef.nullable(),
  error: MessageError.nullable(),
  /** The agent that wrote (assistant) or was asked (user), and the model variant, when known. */
  agent: z.string().nullable().optional(),
  variant: z.string().nullable().optional(),
  /** Tokens and cost of an assistant message; null for the user's. */
  usage: MessageUsage.nullable().optional(),
  /** All text parts joined: what a person would call "the reply". */
  text: z.string(),
  parts: z.array(ChatPart),
});
export type ChatMessage = z.infer<typeof ChatMessage>;
export const MessagesResponse = z.object({ messages: z.array(ChatMessage) });

/** Largest attachment, as its data URL: the whole request must stay under the 1 MiB body limit. */
export const maxAttachmentUrlChars = 900_000;
export const AttachmentInput = z
  .object({
    mime: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, "must be a MIME type"),
    filename: z.string().min(1).max(500),
    url: z
      .string()
      .startsWith("data:", "must be a data: URL")
      .max(maxAttachmentUrlChars, "is too large: attachments can be at most about 650 KB"),
  })
  .strict();
export type AttachmentInput = z.infer<typeof AttachmentInput>;

export const SendMessageRequest = z
  .object({
    text: z.string().max(200_000),
    model: ModelRef.optional(),
    agent: z.string().min(1).max(200).optional(),
    variant: z.string().min(1).max(200).optional(),
    files: z.array(AttachmentInput).max(10).optional(),
    /** Project files mentioned with `@`, relative to the session's folder: opencode reads them in. */
    mentions: z
      .array(
        z
          .string()
          .min(1)
          .max(1000)
          .refine((p) => !p.startsWith("/") && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes(".."), {
            message: "must be a path inside the project",
          }),
      )
      .max(20)
      .optional(),
  })
  .strict()
  .refine((r) => r.text.trim().length > 0 || (r.files?.length ?? 0) > 0, {
    message: "must not be empty",
    path: ["text"],
  });
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;
export const SendMessageAccepted = z.object({ accepted: z.literal(true), sessionID: z.string() });
export const SendMessageResult = z.object({ message: ChatMessage });

export const PermissionResponse = z.enum(["once", "always", "reject"]);
export const PermissionReplyRequest = z.object({ response: PermissionResponse }).strict();

export const ProvidersResponse = z.object({
  providers: z.array(z.object({ id: z.string(), name: z.string(), connected: z.boolean(), env: z.array(z.string()) })),
  connected: z.array(z.string()),
});
export type ProvidersResponse = z.infer<typeof ProvidersResponse>;
export const SetProviderKeyRequest = z.object({ key: z.string().trim().min(1).max(10_000) }).strict();

/** Sessions whose reply is streaming right now (GET /api/replying). */
export const ReplyingResponse = z.object({ sessions: z.array(z.string()) });

export const ChatEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("text.delta"),
    sessionID: z.string(),
    messageID: z.string(),
    partID: z.string(),
    field: z.string(),
    delta: z.string(),
  }),
  z.object({
    type: z.literal("message.updated"),
    sessionID: z.string(),
    message: ChatMessage.omit({ parts: true, text: true }),
  }),
  z.object({ type: z.literal("part.updated"), sessionID: z.string(), messageID: z.string(), part: ChatPart }),
  z.object({
    type: z.literal("session.status"),
    sessionID: z.string(),
    status: z.enum(["busy", "idle", "retry"]),
    attempt: z.number().nullable(),
    message: z.string().nullable(),
    /** When opencode tries the model again (ms since the epoch), while `retry`; absent or null otherwise. */
    next: z.number().nullable().optional(),
  }),
  z.object({ type: z.literal("session.error"), sessionID: z.string(), error: MessageError }),
  z.object({
    type: z.literal("permission.asked"),
    sessionID: z.string(),
    permission: PermissionRequest,
  }),
  z.object({
    type: z.literal("permission.replied"),
    sessionID: z.string(),
    permissionID: z.string(),
    response: PermissionResponse,
  }),
  z.object({ type: z.literal("session.updated"), sessionID: z.string(), session: ChatSession }),
  z.object({ type: z.literal("session.deleted"), sessionID: z.string() }),
  TodoUpdatedEvent,
  SessionDiffEvent,
  z.object({ type: z.literal("question.asked"), sessionID: z.string(), question: QuestionRequest }),
  z.object({
    type: z.literal("question.replied"),
    sessionID: z.string(),
    requestID: z.string(),
    answers: QuestionAnswers,
  }),
  z.object({ type: z.literal("question.rejected"), sessionID: z.string(), requestID: z.string() }),
  /** What the session waits on now (empty: nothing); sent whenever that list changes. */
  z.object({ type: z.literal("waiting"), sessionID: z.string(), pending: z.array(PendingRequest) }),
  /** The chat's allow setting (allow.ts), sent when it changes and when it answers a request. */
  z.object({ type: z.literal("allow"), sessionID: z.string(), setting: AllowSetting }),
]);
export type ChatEvent = z.infer<typeof ChatEvent>;
