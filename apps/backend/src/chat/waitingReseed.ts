// What opencode itself says is pending, read after its event stream (re)opens: a permission or a
// question asked while the stream was down (a broken connection, a sidecar restart racing a
// prompt) still reaches the user, and one answered meanwhile leaves the list. Only folders this
// sidecar already serves are asked (GET /permission and GET /question are per folder instance):
// asking another would make opencode load that project for nothing, and it has nothing pending.
import type { OpencodeClient, Event as OpencodeEvent } from "@opencode-ai/sdk/v2";
import type { PendingRequest } from "@turnkey/contracts";
import { toChatEvent } from "./mapping.ts";
import { unwrap } from "./sidecarClient.ts";

export interface PendingInFolder {
  directory: string;
  pending: PendingRequest[];
}

/** One folder's pending permissions and questions, shaped as the waiting list keeps them. */
export async function pendingInFolder(
  client: Pick<OpencodeClient, "permission" | "question">,
  directory: string,
  now: number,
): Promise<PendingInFolder> {
  const [permissions, questions] = await Promise.all([
    client.permission.list({ directory }).then((r) => unwrap(r, "Listing the pending permissions")),
    client.question.list({ directory }).then((r) => unwrap(r, "Listing the pending questions")),
  ]);
  const pending: PendingRequest[] = [];
  // The same mapping as the events', so a reseeded card reads exactly like a streamed one.
  for (const properties of permissions) {
    const event = toChatEvent({ type: "permission.asked", properties } as OpencodeEvent);
    if (event?.type === "permission.asked")
      pending.push({
        kind: "permission",
        id: event.permission.id,
        sessionID: event.sessionID,
        at: now,
        permission: event.permission,
      });
  }
  for (const properties of questions) {
    const event = toChatEvent({ type: "question.asked", properties } as OpencodeEvent);
    if (event?.type === "question.asked")
      pending.push({
        kind: "question",
        id: event.question.id,
        sessionID: event.sessionID,
        at: now,
        question: event.question,
      });
  }
  return { directory, pending };
}
