// Imported first by cli.ts, so this runs before the rest of the bundle evaluates (startupHeap.ts).
import { holdYoungGeneration } from "./startupHeap.ts";

holdYoungGeneration();
