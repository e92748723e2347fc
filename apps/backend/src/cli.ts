// Headless entry (`npm run serve`). V8's young generation is held first (startupHeap.ts), and the
// backend itself (cliMain.ts) is imported only then: ESM evaluates every static import before a
// module's own code, and in the split CLI bundle that includes the chunks the start path shares
// with lazily loaded features, so a static import here would load most of the backend before the
// hold.
import "./startupHeapHold.ts";

await import("./cliMain.ts");
