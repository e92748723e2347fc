// Files and images the user attaches (picked, pasted or dropped), read into data URLs for
// opencode's file parts. Capped so the request stays under the backend's 1 MiB body limit; a
// file over the cap is refused with a sentence that says what to do.
import { type AttachmentInput, maxAttachmentUrlChars } from "@turnkey/contracts";

/** Raw bytes that still fit the cap once base64-encoded (4 chars per 3 bytes, plus the header). */
export const maxAttachmentBytes = Math.floor(((maxAttachmentUrlChars - 200) * 3) / 4);
export const maxAttachments = 10;

export interface Attachment extends AttachmentInput {
  id: string;
  size: number;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export class AttachmentError extends Error {}

export function checkAttachment(file: { name: string; size: number }, count: number): void {
  if (count >= maxAttachments) throw new AttachmentError(`At most ${maxAttachments} files can go with one message.`);
  if (file.size > maxAttachmentBytes) {
    throw new AttachmentError(
      `${file.name || "The file"} is ${formatBytes(file.size)}; attachments can be at most ${formatBytes(maxAttachmentBytes)}. Use a smaller file or a cropped screenshot.`,
    );
  }
}

export function readAttachment(file: File, count: number): Promise<Attachment> {
  checkAttachment(file, count);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new AttachmentError(`${file.name} could not be read.`));
    reader.onload = () => {
      const url = String(reader.result);
      resolve({
        id: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
        mime: file.type || "application/octet-stream",
        filename: file.name || (file.type.startsWith("image/") ? "pasted-image.png" : "file"),
        url,
        size: file.size,
      });
    };
    reader.readAsDataURL(file);
  });
}

export const toInput = ({ mime, filename, url }: Attachment): AttachmentInput => ({ mime, filename, url });
