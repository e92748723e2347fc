export * from "./api.ts";
export * from "./chat.ts";
export * from "./events.ts";
export * from "./maintenance.ts";
export * from "./status.ts";
