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
  /** OpenCode's config, or the project's own, turns sharing off (`"share": "disabled"`). */
  disabled: z.boolean(),
  /**
   * The project's config file that turns sharing off, when it is the project's choice (our own
   * config content sets `share` above a project's, so opencode alone would not honour it).
   */
  disabledIn: z.string().nullable(),
  /**
   * The OpenCode console organisation the chat would be shared with, when the user is logged in
   * to one: opencode then sends shares to that organisation's address (`service`), not its own.
   */
  organisation: z.object({ name: z.string(), account: z.string() }).nullable(),
  /**
   * Why it cannot be said where a share would go, as a sentence (the console organisation the user
   * is signed in to could not be checked); sharing is not offered then. Null when it can be said.
   */
  unknownRecipient: z.string().nullable(),
});
export type ShareState = z.infer<typeof ShareState>;

/** Where opencode 1.18 sends shares when no `enterprise.url` is configured (its ShareNext). */
export const defaultShareService = "https://opncd.ai";

/**
 * Why a chat cannot be shared: the project's config file that turns sharing off, or OpenCode's
 * config as a whole. The window shows it in place of the Share control; the route refuses with it.
 */
export function sharingOffSentence(disabledIn: string | null): string {
  return disabledIn
    ? `Sharing is turned off for this project: ${disabledIn} says "share": "disabled", so nothing from its chats is sent. Change that setting to share them.`
    : 'Sharing is turned off in OpenCode\'s config ("share": "disabled"), so nothing from this chat is sent. Change that setting to share chats.';
}
