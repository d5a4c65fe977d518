import type { ArtifactSource } from "./artifacts.ts";
import { ArtifactLoadError, throwIfAborted } from "./errors.ts";

/** Browser: strings and URLs are fetched (relative to the page), bytes are used as they are. */
export async function loadBytes(source: ArtifactSource, name: string, signal?: AbortSignal): Promise<Uint8Array> {
  throwIfAborted(signal, `loading ${name}`);
  if (source instanceof Uint8Array) return source;
  return fetchBytes(source, name, signal);
}

/** GET `url` into bytes; failures become ArtifactLoadError, aborts AbortedError. */
export async function fetchBytes(url: string | URL, name: string, signal?: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (cause) {
    throwIfAborted(signal, `loading ${name}`);
    throw new ArtifactLoadError(`cannot fetch ${name} from ${String(url)}`, { cause });
  }
  if (!response.ok) throw new ArtifactLoadError(`cannot fetch ${name} from ${String(url)}: HTTP ${response.status}`);
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throwIfAborted(signal, `loading ${name}`);
    throw new ArtifactLoadError(`cannot read ${name} from ${String(url)}`, { cause });
  }
}
