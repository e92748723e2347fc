// opencode's shapes → ours for the workbench: agents, models with variants, commands, diffs,
// todos, usage, reverts and file parts. Pure, like mapping.ts, which calls the per-part pieces.
import type {
  Agent as OpencodeAgent,
  AssistantMessage as OpencodeAssistantMessage,
  Command as OpencodeCommand,
  FilePart as OpencodeFilePart,
  Provider as OpencodeProvider,
  Session as OpencodeSession,
  Todo as OpencodeTodo,
  SnapshotFileDiff,
} from "@opencode-ai/sdk/v2";
import type {
  AgentInfo,
  ChatPart,
  CommandInfo,
  FileChange,
  MessageUsage,
  ModelInfo,
  SessionRevert,
  TodoItem,
  ToolFileDiff,
} from "@turnkey/contracts";

/** Data URLs larger than this are not sent back to windows (the model has them; a list need not). */
export const maxEchoedUrlChars = 1_000_000;

/** The agents a person picks from: primary ones, never opencode's hidden helpers (title, summary…). */
export function toAgents(agents: OpencodeAgent[]): AgentInfo[] {
  return agents
    .filter((a) => a.mode !== "subagent" && a.hidden !== true)
    .map((a) => ({
      name: a.name,
      description: a.description ?? null,
      mode: a.mode === "all" ? "all" : "primary",
      builtIn: a.native === true,
      color: a.color ?? null,
    }));
}

export function toModelInfo(id: string, model: OpencodeProvider["models"][string]): ModelInfo {
  const cost = model.cost && (model.cost.input > 0 || model.cost.output > 0) ? model.cost : null;
  return {
    id,
    name: model.name ?? id,
    variants: Object.keys(model.variants ?? {}),
    contextLimit: model.limit?.context ? model.limit.context : null,
    images: model.capabilities?.input?.image === true,
    cost: cost ? { input: cost.input, output: cost.output } : null,
  };
}

export function toModelCatalog(providers: OpencodeProvider[]) {
  return providers.map((p) => ({
    id: p.id,
    name: p.name,
    models: Object.entries(p.models).map(([id, model]) => toModelInfo(id, model)),
  }));
}

export function toCommands(commands: OpencodeCommand[]): CommandInfo[] {
  return commands.map((c) => ({ name: c.name, description: c.description ?? null, source: c.source ?? "command" }));
}

export function toFileChange(diff: SnapshotFileDiff): FileChange | null {
  if (!diff.file) return null;
  return {
    path: diff.file,
    status: diff.status ?? "modified",
    additions: diff.additions,
    deletions: diff.deletions,
    patch: diff.patch ?? null,
  };
}

export const toFileChanges = (diffs: SnapshotFileDiff[]): FileChange[] =>
  diffs.flatMap((d) => {
    const change = toFileChange(d);
    return change ? [change] : [];
  });

export function toTodos(todos: OpencodeTodo[]): TodoItem[] {
  return todos.map((t) => ({ content: t.content, status: t.status, priority: t.priority }));
}

export function toUsage(info: OpencodeAssistantMessage): MessageUsage {
  const t = info.tokens;
  return {
    input: t.input,
    output: t.output,
    reasoning: t.reasoning,
    cacheRead: t.cache.read,
    cacheWrite: t.cache.write,
    cost: info.cost,
  };
}

export function toRevert(session: OpencodeSession): SessionRevert | null {
  return session.revert ? { messageID: session.revert.messageID, partID: session.revert.partID ?? null } : null;
}

export function toFilePart(part: OpencodeFilePart): Extract<ChatPart, { type: "file" }> {
  return {
    type: "file",
    id: part.id,
    mime: part.mime,
    filename: part.filename ?? null,
    url: part.url.length <= maxEchoedUrlChars ? part.url : null,
  };
}

/** edit, write and apply_patch put the file's diff in their metadata as `filediff`. */
export function toolDiffOf(metadata: unknown): ToolFileDiff | null {
  if (!metadata || typeof metadata !== "object") return null;
  const m = metadata as { filediff?: unknown; diff?: unknown };
  const f = (m.filediff ?? null) as {
    file?: unknown;
    patch?: unknown;
    additions?: unknown;
    deletions?: unknown;
  } | null;
  const patch = typeof f?.patch === "string" ? f.patch : typeof m.diff === "string" ? m.diff : null;
  if (!patch) return null;
  return {
    path: typeof f?.file === "string" ? f.file : "",
    patch,
    additions: typeof f?.additions === "number" ? f.additions : 0,
    deletions: typeof f?.deletions === "number" ? f.deletions : 0,
  };
}
