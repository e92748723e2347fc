// The skills OpenCode says it uses (its `/skill` list) beside the skill files the window lists: which
// file lost to another of the same name, and which skills come from folders the window does not write.
import { realpathSync } from "node:fs";
import type { CustomEntry } from "@turnkey/contracts";

/** A skill OpenCode uses, as its `/skill` list gives it. */
export interface UsedSkill {
  name: string;
  description?: string;
  location: string;
}

/** A path as the file system resolves it, to compare OpenCode's locations with ours; as given when it cannot. */
function resolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * OpenCode's `/skill` answer as a list, or null when it could not be read: the skills' own rows are
 * then shown without what OpenCode made of them, and agents and commands are not held up by it
 * (review 27, M4). A refused config is the caller's to say first (configInvalid.ts).
 */
export function usedSkillsFrom(answer: { data?: unknown; error?: unknown }): UsedSkill[] | null {
  return answer.error === undefined && Array.isArray(answer.data) ? (answer.data as UsedSkill[]) : null;
}

/**
 * The skills the window lists, each that OpenCode passed over for another of the same name said so
 * (opencode 1.18.33 keeps one per name without a word, and not always the same one: in review 27's
 * runs the global folder's won two times in three), or does not list at all; and the ones OpenCode
 * uses from elsewhere (`.claude/skills`, `.agents/skills`, its own).
 */
export function matchSkills(listed: CustomEntry[], used: UsedSkill[] | null) {
  if (!used) return { skills: listed, otherSkills: [] };
  const usedAt = new Map(used.map((skill) => [skill.name, skill.location]));
  const ours = new Set(listed.map((entry) => resolved(entry.file)));
  const skills = listed.map((entry) => {
    if (entry.problem) return entry;
    const at = usedAt.get(entry.name);
    if (at === undefined)
      return {
        ...entry,
        problem:
          "OpenCode does not list it: it reads skills when it opens the project (Restart OpenCode if this stays).",
      };
    if (resolved(at) === resolved(entry.file)) return entry;
    return { ...entry, problem: `OpenCode uses the skill of the same name in ${at} instead, so it skips this one.` };
  });
  const otherSkills = used
    .filter((skill) => !ours.has(resolved(skill.location)))
    .map((skill) => ({ name: skill.name, description: skill.description ?? "", location: skill.location }));
  return { skills, otherSkills };
}
