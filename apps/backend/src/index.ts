export { type RuntimeProfile, runtimeProfiles } from "./sidecarEnv.ts";
export { type Backend, type BackendOptions, PortInUseError, startBackend } from "./startBackend.ts";
