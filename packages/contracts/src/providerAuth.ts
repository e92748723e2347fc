// The Providers view's payloads: every provider with how it is connected (a key, a sign-in, an
// environment variable, OpenCode's config, or not at all) and the sign-in methods opencode's
// plugins offer for it; a sign-in under way (opencode's `/provider/:id/oauth/authorize` and
// `/callback`: "auto" waits while opencode polls the provider, "code" waits for the code the person
// pastes back). No token, key or refresh token is ever part of these: opencode keeps them.
import { z } from "zod";

/** How a connected provider gets its credential; null: not connected. */
export const ProviderVia = z.enum(["signIn", "key", "env", "config", "opencode"]);
export type ProviderVia = z.infer<typeof ProviderVia>;

/** A question a sign-in method asks first (opencode's method `prompts`), e.g. which deployment. */
export const SignInPrompt = z.object({
  type: z.enum(["text", "select"]),
  key: z.string(),
  message: z.string(),
  placeholder: z.string().optional(),
  options: z.array(z.object({ label: z.string(), value: z.string(), hint: z.string().optional() })).optional(),
  /** Asked only when an earlier answer is (`eq`) or is not (`neq`) this value. */
  when: z.object({ key: z.string(), op: z.enum(["eq", "neq"]), value: z.string() }).optional(),
});
export type SignInPrompt = z.infer<typeof SignInPrompt>;

/** A sign-in method; `index` is opencode's own index of it among the provider's methods. */
export const SignInMethod = z.object({
  index: z.number().int().min(0),
  label: z.string(),
  prompts: z.array(SignInPrompt),
});
export type SignInMethod = z.infer<typeof SignInMethod>;

export const ProviderConnection = z.object({
  id: z.string(),
  name: z.string(),
  connected: z.boolean(),
  via: ProviderVia.nullable(),
  /** The provider's key variables set in OpenCode's environment (names only). */
  envSet: z.array(z.string()),
  /** OAuth methods (plugins'); empty: only an API key connects it. */
  signIn: z.array(SignInMethod),
  /** Whether an API key can be saved for it (a method of type "api", or no plugin methods at all). */
  acceptsKey: z.boolean(),
});
export type ProviderConnection = z.infer<typeof ProviderConnection>;

export const ProviderConnectionsResponse = z.object({ providers: z.array(ProviderConnection) });
export type ProviderConnectionsResponse = z.infer<typeof ProviderConnectionsResponse>;

export const StartSignInRequest = z
  .object({
    method: z.number().int().min(0).max(100),
    inputs: z
      .record(z.string().min(1).max(100), z.string().max(2_000))
      .refine((r) => Object.keys(r).length <= 20, "At most 20 answers.")
      .optional(),
  })
  .strict();
export type StartSignInRequest = z.infer<typeof StartSignInRequest>;

export const SignInCodeRequest = z.object({ code: z.string().trim().min(1).max(4_000) }).strict();
export type SignInCodeRequest = z.infer<typeof SignInCodeRequest>;

export const SignInState = z.object({
  providerID: z.string(),
  method: z.number().int(),
  /** "auto": opencode waits for the provider by itself; "code": the person pastes a code back. */
  kind: z.enum(["auto", "code"]),
  /** The provider's page (http or https only), opened in the person's own browser. */
  url: z.string(),
  instructions: z.string(),
  /** The code to enter on the page (a device code), when the instructions carry one. */
  userCode: z.string().nullable(),
  state: z.enum(["waiting", "connected", "failed", "cancelled"]),
  /** What went wrong, as a sentence saying what to do. */
  error: z.string().nullable(),
  /** When the backend stops waiting (ms since the epoch). */
  expiresAt: z.number(),
  /**
   * Cancelled, yet OpenCode still waits for the provider (Cancel cannot stop its wait): an approval
   * on the page is then undone by the backend, which says so in `error`.
   */
  lateApprovalPossible: z.boolean().optional(),
});
export type SignInState = z.infer<typeof SignInState>;

/** How long the backend waits for a sign-in with a device code (GitHub's codes last 15 minutes). */
export const providerSignInDeadlineMs = 15 * 60_000;
