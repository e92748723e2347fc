// GET /api/doctor: runs every check now and answers with the checklist. POST
// /api/doctor/relearn-key-names: the "hidden_names" check's action (doctor/hiddenNames.ts).
import { type DoctorReport, EmptyRequest, type SidecarStatus } from "@turnkey/contracts";
import type { Hono } from "hono";
import { readJsonBody } from "../apiError.ts";

export function doctorRoutes(
  app: Hono,
  doctor: () => Promise<DoctorReport>,
  relearnKeyNames?: () => Promise<SidecarStatus>,
): void {
  app.get("/api/doctor", async (c) => c.json(await doctor()));
  if (!relearnKeyNames) return;
  app.post("/api/doctor/relearn-key-names", async (c) => {
    const body = await readJsonBody(c, EmptyRequest);
    if (!body.ok) return body.response;
    return c.json(await relearnKeyNames());
  });
}
