// Preloaded (--import) into the backend bundle by idleBackend.test.ts: says, as the HTTP server
// receives its first request and before any handler runs, whether Node's undici was loaded yet.
import { Server } from "node:http";

const emit = Server.prototype.emit;
let reported = false;
Server.prototype.emit = function (event, ...args) {
  if (event === "request" && !reported) {
    reported = true;
    const loaded = process.moduleLoadList.some((name) => name.includes("undici"));
    process.stderr.write(`undici loaded before the first request: ${loaded}\n`);
  }
  return emit.call(this, event, ...args);
};
