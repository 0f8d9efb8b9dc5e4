// Types for npm-pack.mjs.
export interface Packed {
  /** The .tgz file's path. */
  tarball: string;
  /** Paths inside the tarball, sorted. */
  files: string[];
  /** Bytes packed and unpacked, as npm reports them. */
  size: number;
  unpackedSize: number;
}

/** npm pack of the package in `dir` into `out`, without its prepack script. */
export function npmPack(dir: string, out: string): Packed;
