import { describe, expect, it, vi } from "vitest";
import { checkProviderKey, KeyRejectedError, providerMessage } from "./keyCheck.ts";

const openai = { name: "OpenAI", url: "https://api.example.test/v1/", npm: "@ai-sdk/openai" };
const answer = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status }));

describe("checking a provider key before saving it", () => {
  it("asks the provider's model list in its dialect", async () => {
    const fetch = answer(200, { data: [] });
    expect(await checkProviderKey(openai, "sk-good", fetch)).toBe("accepted");
    expect(fetch).toHaveBeenCalledWith(
      "https://api.example.test/v1/models",
      expect.objectContaining({
        headers: { authorization: "Bearer sk-good" },
      }),
    );
    const anthropic = answer(200, {});
    await checkProviderKey({ name: "Anthropic", url: "https://a.test/v1", npm: "@ai-sdk/anthropic" }, "k", anthropic);
    expect(anthropic).toHaveBeenCalledWith(
      "https://a.test/v1/models",
      expect.objectContaining({
        headers: { "x-api-key": "k", "anthropic-version": "2023-06-01" },
      }),
    );
  });

  it("refuses a wrong key with the provider's own message", async () => {
    const fetch = answer(401, { error: { message: "Incorrect API key provided: sk-bad." } });
    const error = await checkProviderKey(openai, "sk-bad", fetch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyRejectedError);
    expect((error as Error).message).toBe(
      "OpenAI refused the key: Incorrect API key provided: sk-bad.. Nothing was saved; check the key and paste it again.",
    );
  });

  it("refuses when the provider cannot be reached, and leaves unknown dialects to opencode", async () => {
    const down = vi.fn(async () => {
      throw new Error("getaddrinfo ENOTFOUND");
    });
    await expect(checkProviderKey(openai, "sk", down)).rejects.toThrow(/Could not reach OpenAI to check the key/);
    const never = vi.fn();
    expect(
      await checkProviderKey({ name: "X", url: "https://x.test", npm: "@ai-sdk/amazon-bedrock" }, "k", never),
    ).toBe("unchecked");
    expect(await checkProviderKey(null, "k", never)).toBe("unchecked");
    expect(never).not.toHaveBeenCalled();
  });

  it("reads the usual error shapes", () => {
    expect(providerMessage('{"error":{"message":"bad key"}}')).toBe("bad key");
    expect(providerMessage('{"error":"nope"}')).toBe("nope");
    expect(providerMessage('{"message":"Unauthorized"}')).toBe("Unauthorized");
    expect(providerMessage("plain text")).toBe("plain text");
  });
});
