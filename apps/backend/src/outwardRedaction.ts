// What leaves the backend (answers, events, the log the windows show) is redacted with the launch
// token and every password that ever served a sidecar: the supervisor's redactor knows the live
// ones, this one keeps the token and each password once it served, and the provider keys learnt
// later (providerSecrets.ts adds them to `outward`).
import { Redactor, type SidecarSupervisor } from "@turnkey/sidecar";

export function outwardRedaction(supervisor: SidecarSupervisor, token: string) {
  const outward = new Redactor({ capacity: Number.POSITIVE_INFINITY, secrets: [token] });
  const redact = (text: string) => outward.redact(supervisor.redact(text));
  supervisor.logs.maskWith((text) => outward.redact(text));
  supervisor.onStatus((status) => {
    const connection = status.state === "running" ? supervisor.connection() : null;
    if (connection) outward.add(connection.password);
  });
  return { outward, redact };
}
