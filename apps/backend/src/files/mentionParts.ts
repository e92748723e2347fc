// A prompt's `@` mentions become file parts that opencode reads itself (file:// URLs), so each goes
// through the same gate as the Files tab (containment.ts) first: without it a link inside the
// project that points elsewhere (`notes -> ~/.ssh/id_ed25519`) sent the file it points to, and a
// mention inside the backend's data folder sent its settings, to the model.
import { pathToFileURL } from "node:url";
import { containedPath, PathRefusedError } from "./containment.ts";

export interface MentionPart {
  type: "file";
  mime: string;
  filename: string;
  url: string;
}

/**
 * The file parts of `mentions` (paths relative to `folder`), each naming the real file, links
 * resolved. A mention that names nothing is left out ("@someone" in prose is not a file); one the
 * gate refuses refuses the whole message with a sentence (a PathRefusedError), so nothing is sent.
 */
export async function mentionParts(
  folder: string,
  mentions: readonly string[],
  privateFolders: string[],
): Promise<MentionPart[]> {
  const parts: MentionPart[] = [];
  for (const mention of mentions) {
    let target: Awaited<ReturnType<typeof containedPath>>;
    try {
      target = await containedPath(folder, mention, privateFolders);
    } catch (error) {
      if (error instanceof PathRefusedError && error.httpStatus === 404) continue;
      if (error instanceof PathRefusedError)
        throw new PathRefusedError(
          error.httpStatus,
          error.code,
          `The message was not sent: the mention @${mention} is refused. ${error.message} Remove the mention, or attach the file itself if you mean to send it.`,
        );
      throw error;
    }
    parts.push({ type: "file", mime: "text/plain", filename: mention, url: pathToFileURL(target.absolute).href });
  }
  return parts;
}
