// The record of what chats' levels answered on their own: kept across a restart, written once
// after a burst of answers (not on each), the last 20 per chat and the chats answered most
// recently, a deleted chat's record gone, and a file that cannot be written said in the log while
// the record stays in memory.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allowedKept } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AnsweredRecord, recordedChats } from "./answeredRecord.ts";

let dir: string;
let file: string;
/** The writes waiting for their quiet moment, run by the test. */
let waiting: (() => void)[];
let logs: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "answered-"));
  file = join(dir, "allow-answered.json");
  waiting = [];
  logs = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = () =>
  new AnsweredRecord({
    file,
    log: (line) => logs.push(line),
    now: () => 1_000,
    later: (write) => {
      waiting.push(write);
      return () => waiting.splice(waiting.indexOf(write), 1);
    },
  });
const answer = (id: string, sessionID = "ses_a") => ({
  at: 1_000,
  sessionID,
  permission: { id, permission: "bash", patterns: [`echo ${id}`], toolCallID: null },
});
const ids = (list: { permission: { id: string } }[]) => list.map((a) => a.permission.id);

describe("the record of answers given without asking", () => {
  it("is written once after a burst of answers, and read again by the next start", () => {
    const first = record();
    for (let i = 1; i <= 30; i += 1) first.add("ses_a", answer(`per_${i}`));
    expect(waiting).toHaveLength(1);
    expect(ids(record().of("ses_a"))).toEqual([]); // nothing written yet
    waiting[0]!();
    const later = record().of("ses_a");
    expect(later).toHaveLength(allowedKept);
    expect(ids(later).at(0)).toBe("per_11");
    expect(ids(later).at(-1)).toBe("per_30");
  });

  it("is written at once when the backend closes, and forgets a deleted chat", () => {
    const first = record();
    first.add("ses_a", answer("per_1"));
    first.add("ses_b", answer("per_2", "ses_b"));
    first.flush();
    expect(waiting).toHaveLength(0);
    expect(ids(record().of("ses_b"))).toEqual(["per_2"]);
    first.forget("ses_b");
    first.flush();
    expect(ids(record().of("ses_b"))).toEqual([]);
    expect(ids(record().of("ses_a"))).toEqual(["per_1"]);
  });

  it("keeps the chats answered most recently, an old chat answered again among them", () => {
    const first = record();
    first.add("ses_old", answer("per_old", "ses_old"));
    first.add("ses_first", answer("per_first", "ses_first"));
    for (let i = 0; i < recordedChats - 2; i += 1) first.add(`ses_${i}`, answer(`per_${i}`, `ses_${i}`));
    first.add("ses_old", answer("per_again", "ses_old"));
    first.add("ses_new", answer("per_new", "ses_new"));
    first.flush();
    const next = record();
    expect(ids(next.of("ses_first"))).toEqual([]); // the least recently answered went
    expect(ids(next.of("ses_old"))).toEqual(["per_old", "per_again"]);
    expect(ids(next.of("ses_new"))).toEqual(["per_new"]);
  });

  it("says in the log when it cannot be written, and keeps the record in memory", () => {
    // Its folder is a file: no one, root included, can write there.
    writeFileSync(join(dir, "data"), "");
    file = join(dir, "data", "allow-answered.json");
    const first = record();
    first.add("ses_a", answer("per_1"));
    first.flush();
    expect(logs.join("\n")).toMatch(/^Could not keep the record of answers given without asking: /);
    expect(ids(first.of("ses_a"))).toEqual(["per_1"]);
    expect(readdirSync(dir)).toEqual(["data"]);
  });
});
