// Composes the backend: supervisor (after reaping an earlier crash's orphan), HTTP server on
// 127.0.0.1, and autostart. Used in-process by the Electron worker and by the headless CLI.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DoctorReport, isActive } from "@turnkey/contracts";
import {
  defaultCpuProbes,
  describeHolder,
  ensurePrivateDir,
  findPortHolder,
  loopbackNoProxy,
  opencodeFolder,
  type PortHolder,
  type PrepareBinary,
  SettingsFile,
  SidecarSupervisor,
  takeSecretFromEnvironment,
  tightenTree,
} from "@turnkey/sidecar";
import { backendActions } from "./actions/projectActions.ts";
import { createApp } from "./app.ts";
import type { Backend, BackendOptions } from "./backendOptions.ts";
import { drainUnreadBodies } from "./bodyDrain.ts";
import { ChatService } from "./chat/chatService.ts";
import { loadOpencodeSdk } from "./chat/opencodeSdk.ts";
import { ChatRelay } from "./chat/relay.ts";
import { gateFolders, sidecarClient } from "./chat/sidecarClient.ts";
import { type SessionDirectory, WorkbenchService } from "./chat/workbenchService.ts";
import { CustomizeService } from "./customize/customizeService.ts";
import { tightenAfterStartsAndStops } from "./dataStaysPrivate.ts";
import { checkDataDir } from "./doctor/dataDir.ts";
import { runDoctor } from "./doctor/doctor.ts";
import { forgetKeyNames, userNamesTheCheckMayList } from "./doctor/hiddenNames.ts";
import { ProjectFiles } from "./files/projectFiles.ts";
import { ripgrepFromOpencode } from "./files/ripgrepFromOpencode.ts";
import { TextSearch } from "./files/textSearch.ts";
import { ProjectGit } from "./git/projectGit.ts";
import { backendWorktreeHooks } from "./git/worktreeHooks.ts";
import { applyConnectionLimits, defaultHttpLimits, serverOptions } from "./httpLimits.ts";
import { lazyRequestListener } from "./lazyRequestListener.ts";
import { Maintenance } from "./maintenance.ts";
import { emptiedNames } from "./mcp/mcpEmptiedNames.ts";
import { McpService } from "./mcp/mcpService.ts";
import { backendNotes } from "./notes/projectNotes.ts";
import { openWithHere } from "./openWith/openWithHere.ts";
import { outwardRedaction } from "./outwardRedaction.ts";
import { BackendSettings, chooseProfile } from "./profile.ts";
import { ProjectStore } from "./projects/projectStore.ts";
import { addStartFolders } from "./projects/startFolders.ts";
import { ProviderSecrets } from "./providerSecrets.ts";
import { ProviderConnections } from "./providers/providerConnections.ts";
import { ProviderSignIns } from "./providers/providerSignIns.ts";
import type { StoringCredential } from "./providers/storingCredential.ts";
import { setUpRuntime } from "./runtime/runtimeSetup.ts";
import { loadSecretsPluginNow, secretsPluginDir } from "./secretsPlugin.ts";
import { consoleAccountFromDb } from "./share/consoleAccount.ts";
import { ShareService } from "./share/shareService.ts";
import { type RuntimeProfile, sidecarEnv, userOpencodeConfig } from "./sidecarEnv.ts";
import { releaseYoungGeneration } from "./startupHeap.ts";
import { TerminalService } from "./terminal/terminalService.ts";
import { terminalUpgrade } from "./terminal/terminalUpgrade.ts";
import { FolderTrustStore } from "./trust/folderTrust.ts";
import { UiAssets } from "./ui.ts";
import { appVersion } from "./version.ts";
import { workOnItsOwn } from "./workOnItsOwn.ts";

const here = dirname(fileURLToPath(import.meta.url));

export type { Backend, BackendOptions } from "./backendOptions.ts";

function noProjectDir(dataDir: string): string {
  const dir = join(dataDir, "no-project");
  ensurePrivateDir(dir);
  return dir;
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly holder: PortHolder | null = null,
  ) {
    super(
      `Port ${port} on 127.0.0.1 is already in use by ${describeHolder(holder)}. Stop that program, choose another port with --port (or TURNKEY_PORT), or use --port 0 for any free port.`,
    );
  }
}

/** A folder given at start (`--workdir`, `--project`) that cannot be a project. */
export class InvalidProjectError extends Error {}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  checkDataDir(options.dataDir);
  const originalEnv = { ...process.env };
  // Private before anything is written (see privateFiles): the 0700 root keeps other users out of
  // everything under it, so an older install's files are tightened alongside the start, not
  // before the sidecar spawn (a long opencode history is tens of thousands of files, ~0.3 s per
  // 10,000); startBackend still returns only once they are.
  ensurePrivateDir(options.dataDir);
  const tightenedAtStart = tightenTree(options.dataDir);
  // The SDK talks to the sidecar with fetch, which honours HTTP(S)_PROXY where the runtime opts in
  // (NODE_USE_ENV_PROXY, Electron): loopback must never go through a proxy.
  Object.assign(process.env, loopbackNoProxy(process.env));
  const token = options.token ?? randomBytes(32).toString("base64url");
  // Read once, then gone from our environment (and our /proc environ): it may carry keys (sidecarEnv).
  const inheritedContent = takeSecretFromEnvironment("OPENCODE_CONFIG_CONTENT");
  const userConfig = userOpencodeConfig(options.opencodeConfig, {
    ...process.env,
    ...(inheritedContent ? { OPENCODE_CONFIG_CONTENT: inheritedContent } : {}),
  });
  const extra = options.supervisor ?? {};

  const settings = new SettingsFile(join(options.dataDir, "settings.json"), BackendSettings);
  const profile = chooseProfile({
    flag: options.profile,
    saved: settings.get().profile,
    env: process.env,
    home: homedir(),
  });
  if (profile.source === "detected") settings.update({ profile: profile.profile });
  const projects = new ProjectStore(settings);
  const started = await addStartFolders(projects, options);
  if (!started.ok) throw new InvalidProjectError(started.message);
  // The user started us in these folders, as they would run opencode there: trusted for this run.
  const trust = new FolderTrustStore(settings, { home: homedir(), startFolders: started.paths });
  const envFor = (chosen: RuntimeProfile) => ({
    ...sidecarEnv({
      profile: chosen,
      dataDir: options.dataDir,
      user: userConfig,
    }),
    ...extra.env,
  });

  const { runtime, versions, updaterFor } = await setUpRuntime(options, settings, here);
  // Runs before each start's timer, its progress shown as "Preparing OpenCode…".
  const prepareBinary: PrepareBinary = (signal, onProgress) => versions.prepare(signal, onProgress);

  const supervisor = new SidecarSupervisor({
    ...extra,
    dataDir: options.dataDir,
    // Without a work folder, opencode's own default instance lives in an empty folder of ours,
    // never the home folder (whose tools would crawl AppData, OneDrive…). Projects get theirs.
    cwd: options.workdir ?? extra.cwd ?? noProjectDir(options.dataDir),
    env: envFor(profile.profile),
    deps: { prepareBinary, ...extra.deps },
  });
  await supervisor.reapOrphans();
  /** A line of the backend's own in the log the status window shows. */
  const log = (message: string) => supervisor.logs.push("supervisor", message, Date.now());
  gateFolders(supervisor, (directory) => trust.check(directory));
  // Answers and events are redacted with the token and every password that ever served.
  const { outward, redact } = outwardRedaction(supervisor, token);
  const tightening = tightenAfterStartsAndStops(supervisor, options.dataDir, tightenedAtStart);

  const updater = updaterFor(supervisor);
  const relay = new ChatRelay(supervisor, options.relay);
  projects.setActivity({ busy: (dir) => relay.busyIn(dir), waiting: (dir) => relay.waitingIn(dir) });
  relay.projectIdOf = (directory) => projects.idOf(directory);
  relay.onActivity(() => projects.changed());
  // A key saved or a credential removed is told to the cancelled sign-ins (made further down).
  const storing: StoringCredential = (providerID, auth, write) => signIns.storing(providerID, auth, write);
  const chat = new ChatService(
    supervisor,
    relay,
    projects,
    options.keyCheckBaseUrl,
    (key) => providerSecrets.keySaved(key),
    [options.dataDir],
    storing,
  );
  const sessionFolder: SessionDirectory = (sessionID, use) => chat.sessionFolder(sessionID, use);
  /** The sessions replying in a folder, or anywhere (null). */
  const replying = (directory: string | null) => (directory === null ? relay.replying() : relay.busyIn(directory));
  /** The environment OpenCode runs with: the backend's and the profile's (maintenance is made below). */
  const sidecarProcessEnv = () => ({ ...process.env, ...maintenance.sidecarEnv() });
  let port = 0;
  const doctor = (): Promise<DoctorReport> =>
    runDoctor({
      status: () => supervisor.status(),
      versions,
      dataDir: options.dataDir,
      sidecarEnv: sidecarProcessEnv,
      originalEnv,
      workdir: options.workdir ?? process.cwd(),
      providers: () => chat.providers(),
      models: () => chat.models(),
      probes: defaultCpuProbes(),
      ...(options.doctorSidecarTimeoutMs ? { sidecarTimeoutMs: options.doctorSidecarTimeoutMs } : {}),
    });
  const userSecretNames = (): string[] => userNamesTheCheckMayList(options.dataDir, sidecarProcessEnv());
  const maintenance = new Maintenance({
    supervisor,
    runtime,
    settings,
    profile,
    envFor,
    redact,
    doctor,
    versions,
    userSecretNames,
  });
  // Provider keys: their variables hidden from tools, their values masked outward (providerSecrets).
  const providerSecrets = new ProviderSecrets(outward, secretsPluginDir(options.dataDir), sidecarProcessEnv);
  let learnedGeneration: number | null = null;
  supervisor.onStatus((status) => {
    const generation = status.state === "running" ? (supervisor.connection()?.generation ?? null) : null;
    if (generation === null || generation === learnedGeneration) return;
    learnedGeneration = generation;
    loadSecretsPluginNow(sidecarClient(supervisor));
    providerSecrets.afterStart();
  });
  const workbench = new WorkbenchService(
    supervisor,
    relay,
    sessionFolder,
    (projectId) => chat.projectFolder(projectId),
    [options.dataDir],
  );
  const files = new ProjectFiles(supervisor, sessionFolder, [options.dataDir]);
  const git = new ProjectGit({
    folderOf: (sessionID) => chat.sessionFolder(sessionID, "work"),
    privateFolders: [options.dataDir],
    providerKeyNames: () => providerSecrets.knownKeyNames(),
    recordDir: join(options.dataDir, "git-running"),
    log,
    onBranchMoved: () => projects.branchMoved(),
    worktrees: backendWorktreeHooks({
      supervisor,
      projectIdOf: (folder) => projects.idOf(folder),
      replyingIn: (folder) => relay.busyIn(folder),
    }),
    ...options.git,
  });
  await git.reapOrphans(log);
  // The files' text searched with ripgrep; OpenCode fetches its own copy the first time it searches.
  const textSearch = new TextSearch(git, {
    sidecarEnv: sidecarProcessEnv,
    fetchRipgrep: ripgrepFromOpencode(supervisor),
  });
  const openWith = openWithHere({
    given: options.openWith,
    folderOf: (sessionID) => chat.sessionFolder(sessionID, "work"),
    dataDir: options.dataDir,
    settings,
  });
  const terminals = new TerminalService(supervisor, sessionFolder);
  const actions = backendActions(options.dataDir, terminals, sessionFolder, log);
  const shares = new ShareService(
    supervisor,
    sessionFolder,
    process.env,
    consoleAccountFromDb(() => supervisor.status().binary?.path ?? null, sidecarProcessEnv),
  );
  const mcp = new McpService(
    supervisor,
    sessionFolder,
    replying,
    process.env,
    undefined,
    () => emptiedNames(providerSecrets.knownKeyNames(), sidecarProcessEnv()),
    (directory, write) => trust.keepTrustThrough(directory, write),
    (file) => git.wouldCommit(file),
  );
  const customize = new CustomizeService({
    supervisor,
    directoryOf: sessionFolder,
    replying,
    home: homedir(),
    globalFolder: () => opencodeFolder("config", sidecarProcessEnv()),
    keepTrust: (directory, write) => trust.keepTrustThrough(directory, write),
    // Every listed project's instance disposed: each reads the global agent and command files again.
    reloadEveryFolder: () => chat.reloadProviders(),
  });
  // Signing in to a provider and disconnecting one: folders reload, the mask learns new tokens.
  const providerChanged = async () => {
    providerSecrets.learn([]);
    await chat.reloadProviders();
  };
  const connections = new ProviderConnections({
    supervisor,
    sidecarEnv: sidecarProcessEnv,
    changed: providerChanged,
    storing,
  });
  const signIns = new ProviderSignIns(connections, providerChanged);
  const onItsOwn = workOnItsOwn(options.dataDir, {
    supervisor,
    chat,
    workbench,
    relay,
    git,
    projects,
    trustCheck: (directory) => trust.check(directory),
    providerKeyNames: () => providerSecrets.knownKeyNames(),
    sidecarEnv: sidecarProcessEnv,
    log,
  });
  const app = createApp({
    providers: { connections, signIns },
    files,
    textSearch,
    git,
    terminals,
    actions,
    notes: backendNotes(options.dataDir, sessionFolder, log),
    shares,
    openWith,
    mcp,
    customize,
    ...onItsOwn.features,
    ...(options.sidecarCallDeadlineMs !== undefined ? { sidecarCallDeadlineMs: options.sidecarCallDeadlineMs } : {}),
    chat,
    workbench,
    relay,
    trust,
    maintenance,
    runtime: versions,
    runtimeUpdater: updater,
    doctor,
    relearnKeyNames: async () => {
      forgetKeyNames(options.dataDir);
      return isActive(supervisor.status().state) ? supervisor.restart() : supervisor.status();
    },
    supervisor,
    token,
    port: () => port,
    version: appVersion,
    projects,
    folders: { home: options.homeDir ?? homedir() },
    ui: new UiAssets(options.uiDir === undefined ? join(here, "..", "..", "web", "dist") : options.uiDir),
    sseKeepAliveMs: options.sseKeepAliveMs ?? 15_000,
    redact,
  });
  const limits = { ...defaultHttpLimits, ...options.http };
  // Every SDK call starts from a request, so the SDK is loaded with the first one (opencodeSdk).
  // Bodies left unread are read here (bodyDrain.ts), not by the adapter, which closes after 500 ms.
  const server = createServer(
    serverOptions(limits),
    lazyRequestListener(
      () => {
        releaseYoungGeneration();
        return loadOpencodeSdk().then(() => app.fetch);
      },
      { autoCleanupIncoming: false },
    ),
  );
  applyConnectionLimits(server, limits);
  drainUnreadBodies(server);
  const terminalSockets = terminalUpgrade({ supervisor, tickets: terminals.tickets, port: () => port, server });
  server.on("upgrade", terminalSockets.onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  }).catch(async (error: NodeJS.ErrnoException) => {
    await supervisor.dispose();
    if (error.code !== "EADDRINUSE") throw error;
    const requested = options.port ?? 0;
    throw new PortInUseError(requested, await findPortHolder(requested).catch(() => null));
  });
  port = (server.address() as AddressInfo).port;

  if (options.autostart ?? true) void supervisor.start();
  onItsOwn.start();
  await tightenedAtStart;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    supervisor,
    // Middleware and catch-alls register as ALL; the routes themselves name their method.
    routes: app.routes
      .filter((r) => r.method !== "ALL" && r.path.startsWith("/api/"))
      .map(({ method, path }) => ({ method, path })),
    close: () => {
      closing ??= (async () => {
        onItsOwn.close();
        await supervisor.dispose();
        await tightening();
        relay.close();
        providerSecrets.close();
        terminalSockets.close();
        mcp.signIns.close();
        signIns.close();
        await git.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // SSE streams never end by themselves; close them so close() can finish.
          if ("closeAllConnections" in server) server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
