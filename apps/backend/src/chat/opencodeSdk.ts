// opencode's SDK, loaded when the backend first needs it rather than with the bundle: the SDK's
// module builds a default client as it loads, which touches fetch's Headers and so loads Node's
// undici (~7 MB RSS) into a backend nobody has asked anything yet. The HTTP server loads it before
// its first request (see lazyRequestListener), and every SDK call starts from a request; anything
// else awaits loadOpencodeSdk() first. The bundle keeps the SDK inside (esbuild evaluates a module
// reached only by `import()` when it is first imported), so nothing is resolved from disk.
import type * as Sdk from "@opencode-ai/sdk/v2";

let loaded: typeof Sdk | null = null;
let loading: Promise<typeof Sdk> | null = null;

export function loadOpencodeSdk(): Promise<typeof Sdk> {
  loading ??= import("@opencode-ai/sdk/v2").then((sdk) => {
    loaded = sdk;
    return sdk;
  });
  return loading;
}

/** The loaded SDK; a call before loadOpencodeSdk() has finished is a bug in the backend, said so. */
export function opencodeSdk(): typeof Sdk {
  if (!loaded) {
    throw new Error("The opencode SDK was used before it was loaded: await loadOpencodeSdk() first.");
  }
  return loaded;
}
