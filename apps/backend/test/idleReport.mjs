// Preloaded (--import) into the backend bundle by idleBackend.test.ts: says, as the HTTP server
// receives its first request and before any handler runs, whether the backend has yet loaded what
// an idle backend should not hold: Node's undici (~7 MB), ICU's collation data (~2.7 MB of the
// `node` binary's pages, loaded by the first collator or localeCompare), and a young generation V8
// grew while the bundle loaded (startupHeap.ts: it holds the first two semi-spaces' size).
import { Server } from "node:http";
import { getHeapSpaceStatistics } from "node:v8";

let collation = false;
Intl.Collator = new Proxy(Intl.Collator, {
  construct(target, args, newTarget) {
    collation = true;
    return Reflect.construct(target, args, newTarget);
  },
  apply(target, self, args) {
    collation = true;
    return Reflect.apply(target, self, args);
  },
});
const localeCompare = String.prototype.localeCompare;
String.prototype.localeCompare = function (...args) {
  collation = true;
  return localeCompare.apply(this, args);
};

const youngSize = () => getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
const firstYoungSize = youngSize();
let largestYoungSize = firstYoungSize;
// Watched, not read once at the request: V8's memory reducer shrinks it again ~8 s after start.
const watch = setInterval(() => (largestYoungSize = Math.max(largestYoungSize, youngSize())), 50);
watch.unref();

const emit = Server.prototype.emit;
let reported = false;
Server.prototype.emit = function (event, ...args) {
  if (event === "request" && !reported) {
    reported = true;
    const loaded = process.moduleLoadList.some((name) => name.includes("undici"));
    process.stderr.write(`undici loaded before the first request: ${loaded}\n`);
    process.stderr.write(`ICU collation used before the first request: ${collation}\n`);
    clearInterval(watch);
    largestYoungSize = Math.max(largestYoungSize, youngSize());
    const grown = largestYoungSize > 2 * firstYoungSize;
    process.stderr.write(`young generation grown before the first request: ${grown}\n`);
  }
  return emit.call(this, event, ...args);
};
