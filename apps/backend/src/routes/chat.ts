// Chat routes: sessions (per project), messages, permissions, questions, models and providers,
// relayed to the sidecar.
// A prompt while the sidecar is down is refused with 503 (and Retry-After while it comes back),
// never dropped.
import {
  CreateSessionRequest,
  EmptyRequest,
  PermissionReplyRequest,
  QuestionReplyRequest,
  SendMessageRequest,
  SetProviderKeyRequest,
  UpdateSessionRequest,
} from "@turnkey/contracts";
import type { Context, Hono } from "hono";
import { ApiRefusal, apiError, readJsonBody } from "../apiError.ts";
import { UnknownToOpencodeError } from "../chat/catalogue.ts";
import type { ChatService } from "../chat/chatService.ts";
import { KeyRejectedError } from "../chat/keyCheck.ts";
import { SidecarCallError, SidecarUnavailableError } from "../chat/sidecarClient.ts";
import { projectId } from "../projects/projectStore.ts";
import { FolderUntrustedError } from "../trust/folderTrust.ts";

const idPattern = /^[A-Za-z0-9_-]{1,128}$/;

export function badId(c: Context, ...names: string[]): Response | null {
  for (const name of names) {
    if (!idPattern.test(c.req.param(name) ?? ""))
      return apiError(c, 400, "invalid_request", `The ${name} in the path is not valid.`);
  }
  return null;
}

/** The optional `?project=ID` of a request: the id, undefined when absent, or a 400 answer. */
export function projectQuery(c: Context): string | undefined | Response {
  const project = c.req.query("project");
  if (project !== undefined && !idPattern.test(project))
    return apiError(c, 400, "invalid_request", "The project in the query is not valid.");
  return project;
}

/** A prompt sent with `?wait=1` answers with the whole reply, however long it takes (no call deadline). */
export function waitsForReply(c: Context): boolean {
  return (
    c.req.method === "POST" &&
    /^\/api\/sessions\/[^/]+\/messages$/.test(c.req.path) &&
    ["1", "true"].includes(c.req.query("wait") ?? "")
  );
}

export async function answer(c: Context, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownToOpencodeError) return apiError(c, 400, "unknown_to_opencode", error.message);
    if (error instanceof FolderUntrustedError)
      return apiError(c, 403, "folder_untrusted", error.message, {
        projectId: projectId(error.directory),
        path: error.directory,
      });
    if (error instanceof ApiRefusal) return apiError(c, error.httpStatus, error.code, error.message);
    if (error instanceof SidecarUnavailableError) {
      if (error.retryAfterSeconds !== null) c.header("retry-after", String(error.retryAfterSeconds));
      return apiError(c, 503, "sidecar_unavailable", error.message);
    }
    if (error instanceof KeyRejectedError) return apiError(c, 400, "key_rejected", error.message);
    if (error instanceof SidecarCallError) {
      if (error.httpStatus === 404) return apiError(c, 404, "not_found", error.message);
      if (error.httpStatus >= 400 && error.httpStatus < 500)
        return apiError(c, 400, "rejected_by_opencode", error.message);
      return apiError(c, 502, "sidecar_error", error.message);
    }
    throw error;
  }
}

export function chatRoutes(app: Hono, chat: ChatService): void {
  app.get("/api/models", (c) => {
    const project = projectQuery(c);
    if (project instanceof Response) return project;
    return answer(c, async () => c.json(await chat.models(project)));
  });
  app.get("/api/providers", (c) => answer(c, async () => c.json(await chat.providers())));
  app.put("/api/providers/:id/key", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, SetProviderKeyRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await chat.setProviderKey(c.req.param("id"), body.value.key)));
  });

  // Asked before a restart or stop, so the user can be warned that a reply would be cut.
  app.get("/api/replying", (c) => c.json({ sessions: chat.replying() }));
  app.get("/api/sessions", (c) => {
    const project = projectQuery(c);
    if (project instanceof Response) return project;
    return answer(c, async () => c.json({ sessions: await chat.sessions(project) }));
  });
  app.post("/api/sessions", async (c) => {
    const body = await readJsonBody(c, CreateSessionRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => {
      const result = await chat.createSession(body.value);
      return c.json(result, result.created ? 201 : 200);
    });
  });
  app.patch("/api/sessions/:id", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, UpdateSessionRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json({ session: await chat.rename(c.req.param("id"), body.value.title) }));
  });
  app.delete("/api/sessions/:id", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => {
      await chat.remove(c.req.param("id"));
      return c.json({ deleted: true });
    });
  });

  app.get("/api/sessions/:id", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json({ session: await chat.sessionById(c.req.param("id")) }));
  });
  app.get("/api/sessions/:id/messages", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json({ messages: await chat.messages(c.req.param("id")) }));
  });
  app.get("/api/sessions/:id/children", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json({ sessions: await chat.children(c.req.param("id")) }));
  });
  app.post("/api/sessions/:id/messages", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, SendMessageRequest);
    if (!body.ok) return body.response;
    const wait = waitsForReply(c);
    const sessionID = c.req.param("id");
    return answer(c, async () => {
      const message = await chat.send(sessionID, body.value, wait);
      return message ? c.json({ message }) : c.json({ accepted: true, sessionID }, 202);
    });
  });
  app.post("/api/sessions/:id/abort", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => {
      await chat.abort(c.req.param("id"));
      return c.json({ aborted: true });
    });
  });
  app.post("/api/sessions/:id/permissions/:permissionId", async (c) => {
    const invalid = badId(c, "id", "permissionId");
    if (invalid) return invalid;
    const body = await readJsonBody(c, PermissionReplyRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => {
      await chat.replyPermission(c.req.param("id"), c.req.param("permissionId"), body.value.response);
      return c.json({ ok: true });
    });
  });
  app.post("/api/sessions/:id/questions/:requestId", async (c) => {
    const invalid = badId(c, "id", "requestId");
    if (invalid) return invalid;
    const body = await readJsonBody(c, QuestionReplyRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => {
      await chat.replyQuestion(c.req.param("id"), c.req.param("requestId"), body.value.answers);
      return c.json({ ok: true });
    });
  });
  app.post("/api/sessions/:id/questions/:requestId/reject", async (c) => {
    const invalid = badId(c, "id", "requestId");
    if (invalid) return invalid;
    const body = await readJsonBody(c, EmptyRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => {
      await chat.rejectQuestion(c.req.param("id"), c.req.param("requestId"));
      return c.json({ ok: true });
    });
  });
}
