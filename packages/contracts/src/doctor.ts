// GET /api/doctor: every check of what can keep OpenCode from starting, each with a sentence and
// the action that fixes it. The status window shows it as a checklist; diagnostics include it.
import { z } from "zod";

export const doctorCheckIds = [
  "opencode",
  "binary",
  "cpu",
  "config",
  "data_dir",
  "proxy",
  "provider",
  "secrets",
  "hidden_names",
] as const;
export const DoctorCheckId = z.enum(doctorCheckIds);
export type DoctorCheckId = z.infer<typeof DoctorCheckId>;

/** What fixes it, as a button or a step: the windows map each to a control. */
export const DoctorAction = z.enum([
  "repair",
  "start",
  "open_logs",
  "edit_config",
  "connect_provider",
  "choose_port",
  "free_disk",
  "fix_permissions",
  "set_no_proxy",
  /** Clear the provider key names learnt from OpenCode and let its next start learn them again. */
  "relearn_key_names",
]);
export type DoctorAction = z.infer<typeof DoctorAction>;

export const DoctorCheck = z.object({
  id: DoctorCheckId,
  /** ok: fine; warn: works, but may not; fail: keeps OpenCode from starting; skipped: cannot tell now. */
  result: z.enum(["ok", "warn", "fail", "skipped"]),
  title: z.string(),
  detail: z.string(),
  action: DoctorAction.nullable(),
});
export type DoctorCheck = z.infer<typeof DoctorCheck>;

export const DoctorReport = z.object({
  generatedAt: z.string(),
  ok: z.boolean(),
  checks: z.array(DoctorCheck),
});
export type DoctorReport = z.infer<typeof DoctorReport>;
