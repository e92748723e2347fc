// git's `--format` output read safely for the Files tab's lists (the history, the stashes): fields
// split by US (0x1f), records by RS (0x1e). Neither is in a name, a date or a hash, and a message
// holding one (a control character typed into it) only spoils its own record, which is left out.

/** The `--format=` argument for these placeholders (`%H`, `%s`…), one record each. */
export const recordFormat = (fields: readonly string[]) => `--format=${fields.join("%x1f")}%x1e`;

/** The records of `text` that hold exactly `count` fields. */
export function records(text: string, count: number): string[][] {
  return text
    .split("\x1e")
    .map((record) => record.replace(/^\n/, "").split("\x1f"))
    .filter((fields) => fields.length === count);
}
