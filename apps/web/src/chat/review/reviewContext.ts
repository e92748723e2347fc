// The open chat's review comments, for every diff drawn in its window (a reply's edit, the
// session's changes, the Files tab's git changes), without passing them through each list.
// Null where a comment could not go out: a subagent's read-only chat, a diff outside a chat.
import { createContext } from "react";
import type { ReviewComments } from "./useReviewComments.ts";

export const ReviewContext = createContext<ReviewComments | null>(null);
