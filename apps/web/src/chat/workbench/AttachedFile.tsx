// A file that went with a prompt: an image as a thumbnail, anything else (a mentioned file, a
// document) as its name.
import type { ChatPart } from "@turnkey/contracts";

export function AttachedFile({ part }: { part: Extract<ChatPart, { type: "file" }> }) {
  const name = part.filename ?? "file";
  if (part.mime.startsWith("image/") && part.url?.startsWith("data:image/"))
    return <img className="attached-image" src={part.url} alt={`Attached: ${name}`} />;
  return (
    <span className="attached-file" title={part.mime}>
      {name}
    </span>
  );
}
