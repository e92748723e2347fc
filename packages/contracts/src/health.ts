// The recent health checks the backend keeps, so a status window opened now shows the last
// minutes at once instead of an empty chart.
import { z } from "zod";
import { HealthResult } from "./status.ts";

export const HealthHistoryResponse = z.object({
  /** Oldest first; at most the last `windowMs` of checks. */
  samples: z.array(HealthResult),
  windowMs: z.number().int(),
});
export type HealthHistoryResponse = z.infer<typeof HealthHistoryResponse>;
