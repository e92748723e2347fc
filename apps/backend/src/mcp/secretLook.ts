// What looks like a secret in an MCP server's settings, by its name or by its look (a well-known key's
// prefix, a JWT, random-looking text), and the mark that stands for one in the edit form: the rules
// the address (hiddenAddress.ts), JSON (hiddenJson.ts) and argument (mcpHiddenParts.ts) masking share.
import { envReferencePattern, secretName } from "@turnkey/contracts";

/** What stands for a hidden value in an address or an argument, both ways. */
export const hiddenMark = "{hidden}";

/** A value the file has and the form left as the mark, which the file cannot supply. */
export class MissingHiddenPartError extends Error {}

export const hides = (value: string) => value !== "" && value !== hiddenMark && !envReferencePattern.test(value.trim());
/**
 * A flag's, a query parameter's or a JSON member's name that says it holds a secret: whole words
 * (not --keyboard), and not an amount of one (`--max-tokens 4096`, `"tokenLimit"`: review 15, L3).
 */
export const secretWord = (name: string) => {
  const bare = name.replace(/^-+/, "");
  if (amountName(bare)) return false;
  return secretName(bare) || /(^|[^a-z])(auth|pass|pwd|sig)([^a-z]|$)/i.test(bare);
};
/**
 * A name that counts or limits something: its first or last word says so (`max_tokens`,
 * `tokenLimit`), not a word inside (`MiniMaxApiKey` is a MiniMax key: review 15 round 3).
 */
export const amountName = (name: string) => {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
  return [words[0], words.at(-1)].some(
    (word) => word !== undefined && /^(max|min|limit|count|budget|num|size|length|timeout|ttl)$/.test(word),
  );
};
export const decoded = (text: string) => {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
};

/**
 * Well-known keys: a prefix (GitHub, GitLab, Slack, OpenAI and Anthropic, Stripe, npm, Hugging Face,
 * Google, AWS, Shopify, Databricks, DigitalOcean, Linear, Supabase, Firecrawl, Tavily, Perplexity,
 * Groq, Notion, Figma, Atlassian, xAI, Brave, Mailgun) before 16+ random characters with a digit
 * among them (`sk-mcp-server-tools` is a package's name), a JWT (a Supabase service key), a
 * SendGrid key.
 */
export const knownKey =
  /^(gh[pousr]_|github_pat_|glpat-|xox[abprs]-|xapp-|sk-|sk_(live|test)_|rk_(live|test)_|whsec_|npm_|hf_|AIza|AKIA|GOCSPX-|shpat_|dapi|dop_v1_|lin_api_|sbp_|fc-|tvly-|pplx-|gsk_|ntn_|secret_|figd_|ATATT|xai-|BSA|key-)(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{16,}$|^eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}$|^SG\.[\w-]{16,}\.[\w-]{16,}$/;

/**
 * How often a text switches between lower case, upper case and digits, per character, inside the
 * parts `-`, `_`, `+`, `/` and `=` separate (a model name's `-30B-A3B-` would count each separator
 * twice otherwise, review 14 round 2).
 */
function classSwitches(text: string): number {
  const kind = (c: string) => (c >= "a" && c <= "z" ? 0 : c >= "A" && c <= "Z" ? 1 : 2);
  let switches = 0;
  let pairs = 0;
  for (const part of text.split(/[-_+/=]+/)) {
    for (let i = 1; i < part.length; i += 1) if (kind(part[i - 1] as string) !== kind(part[i] as string)) switches += 1;
    pairs += Math.max(0, part.length - 1);
  }
  return switches / Math.max(1, pairs);
}

/**
 * Whether a text with no name beside it (a path segment, a lone argument, a flag's value) is a
 * token: a well-known key (knownKey), or 32+ characters of the base64url alphabet (40+ of base64's)
 * mixing upper case, lower case and digits that switch between them as random text does (about 6
 * switches in 10; words in PascalCase, about 3: `MyCompanyInternalToolsServer2024Prod`). Names, model names,
 * versions, dates, hashes and UUIDs are none (`Qwen3-Coder-30B-A3B-Instruct`, a git commit's 40
 * hexadecimal digits, an Azure tenant's GUID): hiding one would also refuse a project save.
 */
export function tokenLike(text: string): boolean {
  if (knownKey.test(text)) return true;
  return (
    (/^[A-Za-z0-9_-]{32,}={0,2}$/.test(text) || /^[A-Za-z0-9+/]{40,}={0,2}$/.test(text)) &&
    /[a-z]/.test(text) &&
    /[A-Z]/.test(text) &&
    /\d/.test(text) &&
    classSwitches(text) >= 0.45
  );
}

/**
 * A value its name calls an id (`--folder-id`, `spreadsheetId=`, `"fileId":`, `client_id`): shown
 * though random-looking (a document's or an app's id is no secret), unless it is a well-known key.
 */
const namedId = (name: string) => /(^|[-_.])ids?$/i.test(name.replace(/^-+/, "")) || /[a-z0-9]Ids?$/.test(name);
/** Whether a value is hidden by its look, given its name (none: an argument or segment alone). */
export const keyByLook = (value: string, name?: string) =>
  name !== undefined && namedId(name) ? knownKey.test(value) : tokenLike(value);

/** Whether an argument is an address (a scheme and `//`). */
export const isAddress = (argument: string) => /^[a-z][a-z0-9+.-]{0,31}:\/\//i.test(argument);
