export * from "./api.ts";
export * from "./chat.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./format.ts";
export * from "./maintenance.ts";
export * from "./rules.ts";
export * from "./status.ts";
