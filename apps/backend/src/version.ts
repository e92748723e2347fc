// Versions from the root package.json. The opencode version is pinned in exactly one place, the
// `opencode-ai` dependency; the SDK, staging and the managed runtime all follow it.
import rootPackage from "../../../package.json" with { type: "json" };

export const appVersion: string = rootPackage.version;
export const pinnedOpencodeVersion: string = rootPackage.dependencies["opencode-ai"];
