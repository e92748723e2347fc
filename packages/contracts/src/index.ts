export * from "./api.ts";
export * from "./chat.ts";
export * from "./status.ts";
