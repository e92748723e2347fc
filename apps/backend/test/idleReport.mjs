// Preloaded (--import) into the backend bundle by idleBackend.test.ts: says, as the HTTP server
// receives its first request and before any handler runs, whether the backend has yet loaded what
// an idle backend should not hold: Node's undici (~7 MB) and ICU's collation data (~2.7 MB of the
// `node` binary's pages, loaded by the first collator or localeCompare).
import { Server } from "node:http";

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

const emit = Server.prototype.emit;
let reported = false;
Server.prototype.emit = function (event, ...args) {
  if (event === "request" && !reported) {
    reported = true;
    const loaded = process.moduleLoadList.some((name) => name.includes("undici"));
    process.stderr.write(`undici loaded before the first request: ${loaded}\n`);
    process.stderr.write(`ICU collation used before the first request: ${collation}\n`);
  }
  return emit.call(this, event, ...args);
};
