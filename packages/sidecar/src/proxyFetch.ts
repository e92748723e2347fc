// Runtime downloads go through the proxy the user set, as npm and curl do: HTTPS_PROXY for https
// URLs, HTTP_PROXY for http ones (and for https when HTTPS_PROXY is not set), each also in lower
// case (read first, as curl does), and NO_PROXY's hosts go direct. Node 20's fetch ignores these
// variables (NODE_USE_ENV_PROXY only came with Node 22.21 and 24), so a proxied request is made
// with node:http(s) through https-proxy-agent (a CONNECT tunnel, TLS inside it for https) and
// handed back as a fetch Response. undici's EnvHttpProxyAgent would do the same but adds 0.7 MB
// to the backend bundle that every start parses. The agent is loaded on the first proxied request
// only, so an idle backend never holds it.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import type { HttpsProxyAgent } from "https-proxy-agent";
import type { Fetch } from "./npmRegistry.ts";

type Env = Record<string, string | undefined>;

export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

/** The proxy variables as curl reads them; null when no proxy is set. */
export function proxySettings(env: Env): ProxySettings | null {
  const pick = (name: string) => (env[name.toLowerCase()] ?? env[name] ?? "").trim();
  const settings = { httpProxy: pick("HTTP_PROXY"), httpsProxy: pick("HTTPS_PROXY"), noProxy: pick("NO_PROXY") };
  return settings.httpProxy || settings.httpsProxy ? settings : null;
}

/** The proxy for `url`, or null to go direct: NO_PROXY entries match the host or a parent domain, with an optional port. */
export function proxyFor(url: URL, settings: ProxySettings): string | null {
  const proxy = url.protocol === "https:" ? settings.httpsProxy || settings.httpProxy : settings.httpProxy;
  if (!proxy) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  for (const entry of settings.noProxy.split(/[,\s]+/).filter(Boolean)) {
    if (entry === "*") return null;
    const match = /^(.+?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ""));
    const name = (match?.[1] ?? entry).replace(/^\*?\./, "").toLowerCase();
    if (match?.[2] && Number(match[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return null;
  }
  return proxy;
}

// One agent per proxy for the process, so the packument and the tarball can share a tunnel.
const agents = new Map<string, HttpsProxyAgent<string>>();
const maxRedirects = 5;

/** The fetch for registry requests under `env`: Node's own where no proxy applies, else through it. */
export function registryFetch(env: Env): Fetch {
  const settings = proxySettings(env);
  if (!settings) return fetch as unknown as Fetch;
  return async (url, init) => {
    let target = new URL(url);
    for (let hop = 0; ; hop++) {
      const proxy = proxyFor(target, settings);
      if (!proxy) return fetch(target, { ...init, redirect: "follow" });
      let agent = agents.get(proxy);
      if (!agent) {
        const { HttpsProxyAgent } = await import("https-proxy-agent");
        agent = new HttpsProxyAgent(proxy, { keepAlive: true });
        agents.set(proxy, agent);
      }
      const response = await send(target, init, agent);
      const location = response.headers.location;
      if (hop < maxRedirects && location && [301, 302, 303, 307, 308].includes(response.statusCode ?? 0)) {
        response.resume();
        target = new URL(location, target);
        continue;
      }
      return asResponse(response);
    }
  };
}

function send(
  target: URL,
  init: { headers: Record<string, string>; signal: AbortSignal },
  agent: HttpsProxyAgent<string>,
): Promise<IncomingMessage> {
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, { headers: init.headers, agent, signal: init.signal }, resolve);
    // The same shape as fetch's failures, so the caller's sentence names the cause (ECONNREFUSED…).
    req.on("error", (cause) => reject(Object.assign(new TypeError("fetch failed"), { cause })));
    req.end();
  });
}

function asResponse(response: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const one of [value ?? []].flat()) headers.append(name, one);
  }
  const status = response.statusCode ?? 502;
  const empty = status === 204 || status === 304;
  if (empty) response.resume();
  return new Response(empty ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), { status, headers });
}
