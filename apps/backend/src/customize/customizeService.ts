// A chat's agents, commands and skills: the user's own markdown files for its project and for every
// project, listed with what OpenCode would refuse or skip in them, made, changed and removed from the
// window, then used at once. After a write OpenCode reads them again: a project file by disposing
// that folder's instance, a global one by disposing every folder's (opencode 1.18.33 reads the global
// folder's agent, command and skill files when it makes an instance; tried). A folder whose config
// OpenCode already refused stays refused until OpenCode restarts (configInvalid.ts), so a save there
// restarts it.
import { join, parse } from "node:path";
import type {
  CustomizeResponse,
  CustomKind,
  CustomScope,
  SaveAgentRequest,
  SaveCommandRequest,
  SaveSkillRequest,
} from "@turnkey/contracts";
import { messageOf } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { configInvalidSentence } from "../chat/configInvalid.ts";
import { SidecarUnavailableError, sidecarClient, unwrap } from "../chat/sidecarClient.ts";
import type { SessionDirectory } from "../chat/workbenchService.ts";
import type { Replying } from "../mcp/mcpService.ts";
import { OneAtATime } from "../oneAtATime.ts";
import { projectConfigOff, worktreeOf } from "../share/projectShare.ts";
import { findConfigPlaces } from "../trust/configPlaces.ts";
import { CustomizeError } from "./customizeError.ts";
import { matchSkills, usedSkillsFrom } from "./usedSkills.ts";

type Handle = NonNullable<ReturnType<typeof sidecarClient>>;

export interface CustomizeOptions {
  supervisor: SidecarSupervisor;
  directoryOf: SessionDirectory;
  replying: Replying;
  /** OpenCode's home folder (the home folder's own `.opencode` is global, not a project's). */
  home: string;
  /** OpenCode's global config folder, as it resolves it (opencodeFolders.ts). */
  globalFolder: () => string;
  /** OpenCode's environment as far as its project-config switch goes. */
  env?: NodeJS.ProcessEnv;
  /** Runs our write into a folder's config so the folder keeps its trust (FolderTrustStore.keepTrustThrough). */
  keepTrust?: <T>(directory: string, write: () => T) => T;
  /** Every project folder's instance disposed, so each reads the global files again (ChatService). */
  reloadEveryFolder: () => Promise<void>;
}

export class CustomizeService {
  constructor(private readonly options: CustomizeOptions) {}

  private files = () => import("./customFiles.ts");

  private readonly oneChangeAtATime = new OneAtATime<"custom">(
    () =>
      new CustomizeError(
        409,
        "change_running",
        "Another agent, command or skill is still being saved: wait for it to finish, then try again. Nothing was changed.",
      ),
  );

  private async scope(sessionID: string): Promise<{ handle: Handle; directory: string }> {
    const { supervisor } = this.options;
    if (!supervisor.connection()) throw new SidecarUnavailableError(supervisor.status());
    const directory = (await this.options.directoryOf(sessionID, "read")) ?? "";
    const handle = sidecarClient(supervisor, directory);
    if (!handle) throw new SidecarUnavailableError(supervisor.status());
    return { handle, directory };
  }

  private folders(directory: string) {
    const off = projectConfigOff(this.options.env ?? process.env);
    const project = off
      ? []
      : findConfigPlaces(directory, this.options.home).filter((place) => parse(place).base === ".opencode");
    return { project, projectWrite: off ? null : join(directory, ".opencode"), global: this.options.globalFolder() };
  }

  /**
   * The folder's config as OpenCode loads it: its refusal as a sentence, the names it knows (a skill
   * is a `/` command too, so a new skill's name is checked against the commands), the skills it uses.
   */
  private async opencodeView(handle: Handle) {
    const [agents, commands, skills] = await Promise.all([
      handle.client.app.agents(),
      handle.client.command.list(),
      handle.client.app.skills(),
    ]);
    const refused =
      configInvalidSentence(agents.error) ??
      configInvalidSentence(commands.error) ??
      configInvalidSentence(skills.error);
    if (refused) {
      const none = new Set<string>();
      return { problem: refused, names: { agent: none, command: none, skill: none }, skills: null };
    }
    const commandNames = new Set(unwrap(commands, "Reading OpenCode's commands").map((c) => c.name));
    return {
      problem: null,
      names: {
        agent: new Set(unwrap(agents, "Reading OpenCode's agents").map((a) => a.name)),
        command: commandNames,
        skill: commandNames,
      },
      skills: usedSkillsFrom(skills),
    };
  }

  async list(sessionID: string): Promise<CustomizeResponse> {
    const { handle, directory } = await this.scope(sessionID);
    return this.read(handle, directory);
  }

  /** The lists from the files; OpenCode's refusal from OpenCode, or `problem` when it cannot be asked. */
  private async read(
    handle: Handle | null,
    directory: string,
    problem: string | null = null,
  ): Promise<CustomizeResponse> {
    const [files, view] = await Promise.all([
      this.files(),
      handle ? this.opencodeView(handle) : { problem, skills: null },
    ]);
    const folders = this.folders(directory);
    return {
      agents: files.listEntries("agent", folders),
      commands: files.listEntries("command", folders),
      ...matchSkills(files.listEntries("skill", folders), view.skills),
      folders: { project: folders.projectWrite, global: folders.global },
      inConfig: files.configEntries(
        { directory, worktree: worktreeOf(directory), home: this.options.home },
        folders.global,
        this.options.env ?? process.env,
      ),
      opencodeProblem: view.problem,
    };
  }

  /** Makes or changes one; the route has read the request with its kind's schema. */
  save(
    sessionID: string,
    kind: CustomKind,
    name: string,
    request: SaveAgentRequest | SaveCommandRequest | SaveSkillRequest,
  ): Promise<CustomizeResponse> {
    return this.change(sessionID, kind, request.scope, async (files, base, folders, known) => {
      if (request.create) {
        // Any file of ours with the name, in either scope or subfolder (a skill by the name in it).
        const elsewhere = files.listEntries(kind, folders).find((entry) => entry.name === name)?.file;
        if (elsewhere || known.has(name))
          throw new CustomizeError(
            409,
            "already_exists",
            `OpenCode already has ${kind === "agent" ? "an agent" : "a command or skill"} named "${name}" (${elsewhere ?? (kind === "agent" ? "one of its own, or set in opencode.json" : "one of its own, an MCP server's, a skill in .claude or .agents, or set in opencode.json")}): choose another name. Nothing was changed.`,
          );
      }
      return () => files.saveEntry(kind, base, name, request.settings, request.create);
    });
  }

  remove(sessionID: string, kind: CustomKind, name: string, scope: CustomScope): Promise<CustomizeResponse> {
    return this.change(sessionID, kind, scope, async (files, base) => () => files.removeEntry(kind, base, name));
  }

  /**
   * Writes (unless a reply would be cut: nothing is written then), then has OpenCode use it. The
   * checks that wait come first; the reply check, the write and the trust kept run with nothing awaited.
   */
  private async change(
    sessionID: string,
    kind: CustomKind,
    scope: CustomScope,
    prepare: (
      files: Awaited<ReturnType<CustomizeService["files"]>>,
      base: string,
      folders: ReturnType<CustomizeService["folders"]>,
      known: Set<string>,
    ) => Promise<() => string>,
  ): Promise<CustomizeResponse> {
    const { handle, directory } = await this.scope(sessionID);
    const refused = await this.oneChangeAtATime.run("custom", async () => {
      const folders = this.folders(directory);
      const base = scope === "global" ? folders.global : folders.projectWrite;
      if (base === null)
        throw new CustomizeError(
          409,
          "project_config_off",
          "OpenCode runs with project config turned off (OPENCODE_DISABLE_PROJECT_CONFIG), so a project's agents, commands and skills are not read: save it for every project instead. Nothing was changed.",
        );
      const [files, view] = await Promise.all([this.files(), this.opencodeView(handle)]);
      const write = await prepare(files, base, folders, view.names[kind]);
      // A refused folder needs a restart, and a global file reloads every folder: any reply counts then.
      const anywhere = scope === "global" || view.problem !== null;
      if (this.options.replying(anywhere ? null : directory).length > 0)
        throw new CustomizeError(
          409,
          "reply_running",
          anywhere
            ? `A reply is running, and OpenCode reloads ${view.problem ? "by restarting" : "every project"} to use the change, which would cut it. Save again when it has finished (or Stop it). Nothing was changed.`
            : "A reply is running in this project, and OpenCode reloads the project to use the change, which would cut it. Save again when it has finished (or Stop it). Nothing was changed.",
        );
      const keepTrust = this.options.keepTrust ?? ((_d, work) => work());
      if (scope === "project") keepTrust(directory, write);
      else write();
      return view.problem !== null;
    });
    // Written: from here a failure is OpenCode's reading, not the save (review 23, M3), so the answer
    // is the list with a sentence saying so, not an error the window would show as "not saved".
    try {
      if (refused) {
        await this.options.supervisor.restart();
        const again = await this.scope(sessionID);
        return await this.read(again.handle, again.directory);
      }
      if (scope === "global") await this.options.reloadEveryFolder();
      else
        unwrap(
          await handle.client.instance.dispose(),
          "Having OpenCode read the project's agents, commands and skills again",
        );
      return await this.read(handle, directory);
    } catch (error) {
      const why = messageOf(error);
      return this.read(
        null,
        directory,
        `Saved, but OpenCode has not read it yet: ${why} It reads it once it runs again (Restart in the status window).`,
      );
    }
  }
}
