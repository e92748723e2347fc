import type { ConnectionState } from "@turnkey/client";

/** Shown while the window has lost the backend; it reconnects by itself. */
export function ConnectionBanner({ connection }: { connection: ConnectionState }) {
  if (connection === "open" || connection === "connecting") return null;
  return (
    <div className="banner banner-warn" role="alert">
      Reconnecting to the OpenCode Turnkey backend… This window updates again as soon as it is back.
    </div>
  );
}
