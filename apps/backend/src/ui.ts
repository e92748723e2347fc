// Serves the built web UI (apps/web/dist) under a strict CSP. The file list is read once at
// start-up and only those exact paths are served, so no request path, however encoded, can
// reach a file outside the build: traversal is impossible by construction, not by filtering.
// Contents are read when asked for, not held: an idle backend does not keep ~800 KB of a UI
// that a window loads once.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import type { Context } from "hono";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

export const uiContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The routes that are the app itself (client-side views), answered with index.html. */
export const uiViews = new Set(["/", "/chat", "/index.html"]);

interface Asset {
  body: Buffer;
  type: string;
}

/** A file of the build: where it is, and how it is served. */
interface AssetFile {
  file: string;
  type: string;
}

export class UiAssets {
  private readonly assets = new Map<string, AssetFile>();

  constructor(readonly distDir: string | null) {
    if (distDir && existsSync(join(distDir, "index.html"))) this.collect(distDir, distDir);
  }

  get built(): boolean {
    return this.assets.has("/index.html");
  }

  private collect(root: string, dir: string): void {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) this.collect(root, file);
      else {
        const urlPath = `/${relative(root, file).split(sep).join("/")}`;
        this.assets.set(urlPath, { file, type: contentTypes[extname(name)] ?? "application/octet-stream" });
      }
    }
  }

  /** The asset for a request path, or null (also when its file went away, e.g. a rebuild). */
  lookup(path: string): Asset | null {
    const found = this.assets.get(uiViews.has(path) ? "/index.html" : path);
    if (!found) return uiViews.has(path) ? placeholder : null;
    try {
      return { body: readFileSync(found.file), type: found.type };
    } catch {
      return null;
    }
  }

  respond(c: Context, asset: Asset): Response {
    const immutable = c.req.path.startsWith("/assets/");
    return c.body(new Uint8Array(asset.body), 200, {
      "content-type": asset.type,
      "content-security-policy": uiContentSecurityPolicy,
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
  }
}

const placeholder: Asset = {
  type: "text/html; charset=utf-8",
  body: Buffer.from(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OpenCode Turnkey</title></head>' +
      "<body><h1>OpenCode Turnkey</h1><p>The backend is running, but the web UI has not been built. " +
      "Run <code>npm run build</code>, or use the API under <code>/api</code>.</p></body></html>",
  ),
};
