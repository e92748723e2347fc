// What opencode itself says is pending, read after its event stream (re)opens: a permission or a
// question asked while the stream was down (a broken connection, a sidecar restart racing a
// prompt) still reaches the user, and one answered meanwhile leaves the list. Only folders this
// sidecar already serves are asked (GET /permission and GET /question are per folder instance):
// asking another would make opencode load that project for nothing, and it has nothing pending.
import type { OpencodeClient, Event as OpencodeEvent } from "@opencode-ai/sdk/v2";
import type { PendingRequest } from "@turnkey/contracts";
import { toChatEvent } from "./mapping.ts";
import { unwrap } from "./sidecarClient.ts";
import { pendingOf } from "./waiting.ts";

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
  // The same mapping as the events', so a reseeded card reads exactly like a streamed one.
  const asked = [
    ...permissions.map((properties) => ({ type: "permission.asked", properties })),
    ...questions.map((properties) => ({ type: "question.asked", properties })),
  ] as OpencodeEvent[];
  const pending = asked.flatMap((event) => {
    const chat = toChatEvent(event);
    const request = chat && pendingOf(chat, now);
    return request ? [request] : [];
  });
  return { directory, pending };
}
