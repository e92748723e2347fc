// Provider ids and model refs must be ones opencode lists, checked before anything is written
// or sent. An unknown provider id written to opencode's auth.json (`constructor`, `toString`…,
// named after Object.prototype members) broke /api/providers and /api/models for good, across
// restarts; an unknown model sent once stuck to the session and failed every later message.
// Lookups are Sets of what opencode listed, never property access on its objects, so no name can
// reach a prototype. The usable models are cached per sidecar and re-read once on a miss, so a
// valid model costs no extra call to opencode on the chat path.

/** Thrown for input that opencode would not know: answered 400 with this sentence. */
export class UnknownToOpencodeError extends Error {}

export interface CatalogueSource {
  /** Every provider opencode knows (connected or not). */
  providerIds(): Promise<string[]>;
  /** The providers usable for prompts, each with its model ids. */
  usableModels(): Promise<Map<string, Set<string>>>;
  /** Changes whenever the sidecar does (a new generation may know other models). */
  generation(): number | null;
}

export class OpencodeCatalogue {
  private cached: { generation: number | null; models: Map<string, Set<string>> } | null = null;

  constructor(private readonly source: CatalogueSource) {}

  async assertProvider(providerID: string): Promise<void> {
    const known = new Set(await this.source.providerIds());
    if (!known.has(providerID)) {
      throw new UnknownToOpencodeError(
        `OpenCode does not know a provider called "${providerID}". Choose one from the list of providers (GET /api/providers).`,
      );
    }
  }

  async assertModel(model: { providerID: string; modelID: string }): Promise<void> {
    if (this.knows(await this.models(false), model)) return;
    if (this.knows(await this.models(true), model)) return;
    throw new UnknownToOpencodeError(
      `OpenCode has no model "${model.modelID}" from provider "${model.providerID}". Choose one from the list of models (GET /api/models); nothing was sent.`,
    );
  }

  /** A key was added or the config changed: the next check reads the list again. */
  invalidate(): void {
    this.cached = null;
  }

  private knows(models: Map<string, Set<string>>, model: { providerID: string; modelID: string }): boolean {
    return models.get(model.providerID)?.has(model.modelID) ?? false;
  }

  private async models(fresh: boolean): Promise<Map<string, Set<string>>> {
    const generation = this.source.generation();
    if (!fresh && this.cached && this.cached.generation === generation) return this.cached.models;
    const models = await this.source.usableModels();
    this.cached = { generation, models };
    return models;
  }
}
