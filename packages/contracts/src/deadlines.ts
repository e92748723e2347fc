// How long each side waits on a call that goes to OpenCode. The backend answers first (504
// `sidecar_timeout`, with what to do), so the windows' client must wait clearly longer: if both
// gave up together, the client's own timeout would win and the backend's sentence never be read.

/** The backend's deadline for one call to OpenCode: long enough for a revert of a large project. */
export const sidecarCallDeadlineMs = 120_000;

/** The client's timeout for any backend call: the deadline plus room for the answer to arrive. */
export const clientTimeoutMs = sidecarCallDeadlineMs + 30_000;
