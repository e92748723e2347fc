// The project actions the user saved, per project, in actions.json in the backend's data folder
// (keptList.ts: private, written whole, an unreadable file moved aside and named). Kept by the app,
// not in the project: a command in a repository's own file would run with one click by whoever
// opened it, so only what the user typed here becomes a button.
import { randomUUID } from "node:crypto";
import { type ActionSettings, maxActionsPerProject, type ProjectAction } from "@turnkey/contracts";
import { z } from "zod";
import { ApiRefusal } from "../apiError.ts";
import { KeptList } from "../keptList.ts";

export const actionsFileName = "actions.json";

const StoredAction = z.object({
  id: z.string().min(1).max(64),
  /** The project (projectStore's id of its folder) whose buttons it is. */
  projectId: z.string().min(1).max(128),
  name: z.string().min(1).max(40),
  command: z.string().min(1).max(2_000),
});
type StoredAction = z.infer<typeof StoredAction>;

/** Every project's actions together: enough for 100 projects' full rows. */
const maxActionsKept = 100 * maxActionsPerProject;

/** Two names a user would call the same ("dev" and "Dev"). */
export const sameActionName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;

export class ActionStore {
  private readonly list: KeptList<StoredAction>;
  private kept: StoredAction[] | null = null;

  constructor(
    file: string,
    private readonly log: (message: string) => void,
    private readonly newId: () => string = randomUUID,
  ) {
    this.list = new KeptList(file, {
      key: "actions",
      item: StoredAction,
      max: maxActionsKept,
      what: "project actions",
    });
  }

  /** Read on first use: a backend whose user never opened the Terminal tab reads nothing. */
  private all(): StoredAction[] {
    if (!this.kept) {
      const { items, problem } = this.list.load();
      if (problem) this.log(problem);
      this.kept = items;
    }
    return this.kept;
  }

  private save(next: StoredAction[]): void {
    this.list.save(next);
    this.kept = next;
  }

  actions(projectId: string): ProjectAction[] {
    return this.all()
      .filter((action) => action.projectId === projectId)
      .map(({ id, name, command }) => ({ id, name, command }));
  }

  get(projectId: string, id: string): ProjectAction {
    const found = this.actions(projectId).find((action) => action.id === id);
    if (!found) throw new ApiRefusal(404, "action_not_found", "This action is not saved for this project (any more).");
    return found;
  }

  add(projectId: string, settings: ActionSettings): ProjectAction {
    const mine = this.actions(projectId);
    this.refuseTaken(mine, settings.name);
    if (mine.length >= maxActionsPerProject)
      throw new ApiRefusal(
        400,
        "invalid_request",
        `A project keeps at most ${maxActionsPerProject} actions. Remove one you no longer use, then add this one.`,
      );
    if (this.all().length >= maxActionsKept)
      throw new ApiRefusal(
        400,
        "invalid_request",
        `The app keeps at most ${maxActionsKept} actions across projects. Remove some in projects you no longer use.`,
      );
    const action = { id: this.newId(), ...settings };
    this.save([...this.all(), { ...action, projectId }]);
    return action;
  }

  change(projectId: string, id: string, settings: ActionSettings): ProjectAction {
    this.get(projectId, id);
    this.refuseTaken(
      this.actions(projectId).filter((action) => action.id !== id),
      settings.name,
    );
    this.save(this.all().map((action) => (action.id === id ? { ...action, ...settings } : action)));
    return { id, ...settings };
  }

  remove(projectId: string, id: string): void {
    this.get(projectId, id);
    this.save(this.all().filter((action) => action.id !== id));
  }

  private refuseTaken(others: ProjectAction[], name: string): void {
    if (others.some((action) => sameActionName(action.name, name)))
      throw new ApiRefusal(
        409,
        "action_exists",
        `This project has an action named "${name}" already. Choose another name, or change that one.`,
      );
  }
}
