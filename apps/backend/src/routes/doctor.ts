// GET /api/doctor: runs every check now and answers with the checklist.
import type { DoctorReport } from "@turnkey/contracts";
import type { Hono } from "hono";

export function doctorRoutes(app: Hono, doctor: () => Promise<DoctorReport>): void {
  app.get("/api/doctor", async (c) => c.json(await doctor()));
}
