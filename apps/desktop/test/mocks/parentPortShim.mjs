// Loaded into the Node child that stands in for an Electron utility process: gives it
// process.parentPort as Electron documents it (postMessage to the parent; 'message' events whose
// `data` is what the parent posted), so the worker runs its Electron path, not process.send.
import { EventEmitter } from "node:events";

const parentPort = new EventEmitter();
parentPort.postMessage = (message) => process.send?.(message);
process.on("message", (data) => parentPort.emit("message", { data, ports: [] }));
Object.defineProperty(process, "parentPort", { value: parentPort, enumerable: false });
