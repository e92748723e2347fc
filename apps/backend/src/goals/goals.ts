// The goals as the rest of the backend sees them: loaded only once a goal was started, or at start
// when goals.json exists (lazyFeature.ts), so a backend whose user never set one loads none of it.
import { join } from "node:path";
import type { GoalsResponse } from "@turnkey/contracts";
import { LazyFeature } from "../lazyFeature.ts";
import type { GoalKeeper } from "./goalKeeper.ts";
import type { startGoals } from "./startGoals.ts";

export type Goals = LazyFeature<GoalKeeper, GoalsResponse>;

export const goalsFileName = "goals.json";

/** The backend's goals, in goals.json in its data folder. */
export function backendGoals(dataDir: string, services: Omit<Parameters<typeof startGoals>[0], "file">): Goals {
  const file = join(dataDir, goalsFileName);
  return new LazyFeature<GoalKeeper, GoalsResponse>(
    file,
    async () => (await import("./startGoals.ts")).startGoals({ file, ...services }),
    { goals: [] },
    services.log,
    "The goals",
  );
}
