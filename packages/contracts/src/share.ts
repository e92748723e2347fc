// Sharing a chat as a public link: opencode sends the whole conversation to its share service
// (`session.share`), which answers with a link anyone can open; unsharing deletes it there. The
// chat window asks before the first share and says what goes where (chat/share/ShareControl.tsx).
import { z } from "zod";

export const ShareState = z.object({
  /** The public link while the chat is shared, else null. */
  url: z.string().nullable(),
  /**
   * The address of the share service opencode sends this chat to: its config's `enterprise.url`
   * for the chat's folder, else opencode's own service.
   */
  service: z.string(),
  /** OpenCode's config turns sharing off (`"share": "disabled"`). */
  disabled: z.boolean(),
});
export type ShareState = z.infer<typeof ShareState>;

/** Where opencode 1.18 sends shares when no `enterprise.url` is configured (its ShareNext). */
export const defaultShareService = "https://opncd.ai";
