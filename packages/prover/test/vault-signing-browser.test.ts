// Member keys and signatures in the browser: src/vault-signing.ts bundled by esbuild for
// `platform: "browser"` (so `#eddsa-poseidon` resolves to @zk-kit/eddsa-poseidon's ESM build and
// a Node built-in anywhere in the graph fails the bundle), run in Debian's headless Chromium, and
// compared with Node's keys and signatures for the same private keys. The package's browser
// entry does not re-export these two functions yet; this checks that nothing stops it.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVaultMember, signVaultAction } from "../src/index.ts";
import { CHROMIUM, launchChromium, openProverPage, serve } from "./support/browser.ts";

const ENTRY = fileURLToPath(new URL("../src/vault-signing.ts", import.meta.url));
const binding = { vault: "0x5FbDB2315678afecb367f032d93F642f64180aa3", actionHash: 123n, nonce: 4n, chainId: 31337n };

describe.skipIf(!existsSync(CHROMIUM))("member keys and signatures in headless Chromium", () => {
  let bundle: string;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    const result = await esbuild.build({
      entryPoints: [ENTRY],
      bundle: true,
      format: "esm",
      platform: "browser",
      // the sources, as the package's own `zkvault-source` condition maps them
      conditions: ["browser", "zkvault-source"],
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    bundle = result.outputFiles[0].text;
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith("src/eddsa-poseidon-browser.ts"))).toBe(true);
    expect(inputs.some((p) => p.endsWith("src/eddsa-poseidon-node.ts"))).toBe(false);
    expect(inputs.some((p) => p.includes("circomlibjs"))).toBe(false);
    server = await serve(bundle, {}, {});
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("derives the same public keys and signatures in the page as in Node", async () => {
    const seeds = [1, 2, 0xff];
    const { page, errors } = await openProverPage(browser, server.url);
    const inPage = await page.evaluate(
      async (a: { seeds: number[]; binding: Record<string, string> }) => {
        type Signing = typeof import("../src/vault-signing.ts");
        const zk = (window as unknown as { zk: Signing }).zk;
        const b = {
          vault: a.binding.vault,
          actionHash: BigInt(a.binding.actionHash),
          nonce: BigInt(a.binding.nonce),
          chainId: BigInt(a.binding.chainId),
        };
        const out = [];
        for (const seed of a.seeds) {
          const member = await zk.createVaultMember(new Uint8Array(32).fill(seed));
          const sig = await zk.signVaultAction(member, b);
          out.push([...member.publicKey, sig.R8x, sig.R8y, sig.S].map(String));
        }
        let refusal = "";
        try {
          await zk.createVaultMember(new Uint8Array(31));
        } catch (e) {
          refusal = (e as Error).name;
        }
        return { out, refusal };
      },
      { seeds, binding: Object.fromEntries(Object.entries(binding).map(([k, v]) => [k, String(v)])) },
    );
    await page.close();
    expect(errors).toEqual([]);
    for (const [i, seed] of seeds.entries()) {
      const member = await createVaultMember(new Uint8Array(32).fill(seed));
      const sig = await signVaultAction(member, binding);
      expect(inPage.out[i].map(BigInt)).toEqual([...member.publicKey, sig.R8x, sig.R8y, sig.S]);
    }
    expect(inPage.refusal).toBe("RangeError");
  });
});
