// Reads a file of the repository in either test environment: from disk in Node, over the test
// server (which serves the repository root) in Chromium.
export async function readRepoFile(path: string): Promise<Uint8Array> {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
    ?.node;
  if (node) {
    const fsModule = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsModule)) as {
      readFile(url: URL): Promise<Uint8Array>;
    };
    return new Uint8Array(await fs.readFile(new URL(`../../../${path}`, import.meta.url)));
  }
  const response = await fetch(`/${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
