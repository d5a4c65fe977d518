import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ArtifactSource } from "./artifacts.ts";
import { ArtifactLoadError, throwIfAborted } from "./errors.ts";
import { fetchBytes } from "./load-bytes-browser.ts";

/**
 * Node: a string is a file path (or an http(s) URL), a URL is read from disk (`file:`) or
 * fetched, bytes are used as they are.
 */
export async function loadBytes(source: ArtifactSource, name: string, signal?: AbortSignal): Promise<Uint8Array> {
  throwIfAborted(signal, `loading ${name}`);
  if (source instanceof Uint8Array) return source;
  const url = source instanceof URL ? source : /^https?:\/\//i.test(source) ? new URL(source) : null;
  if (url !== null && url.protocol !== "file:") return fetchBytes(url, name, signal);
  const path = url !== null ? fileURLToPath(url) : (source as string);
  try {
    const buffer = await readFile(path, { signal });
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (cause) {
    throwIfAborted(signal, `loading ${name}`);
    throw new ArtifactLoadError(`cannot read ${name} from ${path}`, { cause });
  }
}
