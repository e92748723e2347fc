// The Files tab's pull request routes: the current branch's pull request, what a new one would
// say (and a title and description the chat's model writes, pulls/pullRequestText.ts), creating
// it, the repository's merge methods, reviewers and labels, merging it and marking a draft ready
// (pulls/pullRequests.ts, through the GitHub CLI). Loaded on the first request
// (its module is not part of the start), and each answers a refusal with a sentence.
import {
  CreatePullRequestRequest,
  MergePullRequestRequest,
  PullRequestTextRequest,
  ReadyPullRequestRequest,
} from "@turnkey/contracts";
import type { Context, Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import type { AskModel } from "../git/commitMessage.ts";
import type { ProjectGit } from "../git/projectGit.ts";
import type { PullRequestOptions, PullRequests } from "../pulls/pullRequests.ts";
import { answerGit } from "./git.ts";

export function pullRequestRoutes(
  app: Hono,
  git: ProjectGit,
  options: PullRequestOptions = {},
  /** The chat's model, asked for a title and description ("Write it for me"), and the mask for what it is sent. */
  writer?: { ask: AskModel; redact: (text: string) => string },
): void {
  let loading: Promise<PullRequests> | undefined;
  const pulls = () => {
    loading ??= import("../pulls/pullRequests.ts").then((m) => new m.PullRequests(git, options));
    return loading;
  };
  const id = (c: Context) => c.req.param("id") ?? "";
  const path = "/api/sessions/:id/git/pull-request";
  app.get(path, (c) => answerGit(c, async () => c.json(await (await pulls()).view(id(c)))));
  // `?base=`: the base the form has chosen, so the commits counted and the body are against it.
  app.get(`${path}/draft`, (c) => {
    const base = c.req.query("base");
    if (base !== undefined && base.length > 255)
      return apiError(c, 400, "invalid_request", "?base= is a branch name of 255 characters at most.");
    return answerGit(c, async () => c.json(await (await pulls()).draft(id(c), base)));
  });
  app.post(path, async (c) => {
    const body = await readJsonBody(c, CreatePullRequestRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await (await pulls()).create(id(c), body.value)));
  });
  // A title and description written by the chat's model; the request's signal ends the question
  // when the window stops waiting (its Stop, or a closed tab).
  if (writer)
    app.post(`${path}/text`, async (c) => {
      const body = await readJsonBody(c, PullRequestTextRequest);
      if (!body.ok) return body.response;
      return answerGit(c, async () => {
        const { writePullRequestText } = await import("../pulls/pullRequestText.ts");
        const text = await writePullRequestText(
          await pulls(),
          id(c),
          body.value,
          writer.ask,
          writer.redact,
          c.req.raw.signal,
        );
        return c.json(text);
      });
    });
  app.get(`${path}/repository`, (c) => answerGit(c, async () => c.json(await (await pulls()).repository(id(c)))));
  app.post(`${path}/merge`, async (c) => {
    const body = await readJsonBody(c, MergePullRequestRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await (await pulls()).merge(id(c), body.value)));
  });
  app.post(`${path}/ready`, async (c) => {
    const body = await readJsonBody(c, ReadyPullRequestRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await (await pulls()).ready(id(c))));
  });
}
