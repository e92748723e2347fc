// The app's version, from the root package.json: one place to bump.
import rootPackage from "../../../package.json" with { type: "json" };

export const appVersion: string = rootPackage.version;
export const pinnedOpencodeVersion: string = rootPackage.opencode.version;
