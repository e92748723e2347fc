// Loaded into the Node child that stands in for an Electron utility process: gives it
// process.parentPort as Electron documents it (postMessage to the parent; 'message' events whose
// `data` is what the parent posted, queued until a handler is registered), so the worker runs its
// Electron path, not process.send.
import { EventEmitter } from "node:events";

const parentPort = new EventEmitter();
const queued = [];
parentPort.postMessage = (message) => process.send?.(message);
parentPort.on("newListener", (event) => {
  if (event !== "message") return;
  // Electron: "Messages received on this port will be queued up until a handler is registered".
  queueMicrotask(() => {
    for (const data of queued.splice(0)) parentPort.emit("message", { data, ports: [] });
  });
});
process.on("message", (data) => {
  if (parentPort.listenerCount("message") === 0) queued.push(data);
  else parentPort.emit("message", { data, ports: [] });
});
Object.defineProperty(process, "parentPort", { value: parentPort, enumerable: false });
