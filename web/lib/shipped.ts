// The checkpoints the package ships (dist/models/: manifest.json and <id>.safetensors), loaded by
// id. Browsers fetch them from beside the package (or from `modelsUrl`, where an app hosts its
// copy); Node reads them from the package directory.
import type { LoadModel, LoadModelOptions, Model } from './model.js';

/** One entry of dist/models/manifest.json. */
export interface ShippedModelInfo {
  /**
   * Short and stable: what `loadShippedModel` takes, and links and widgets name the model by
   * ('english-encoder', 'english-decoder', 'shapes-vit', ...).
   */
  id: string;
  title: string;
  /** The checkpoint's file name in the models folder. */
  file: string;
  /** As the checkpoint's descriptor: 'masked-lm-encoder', 'causal-lm-decoder', ... */
  family: string;
  input: 'text' | 'image';
  /** The checkpoint's size in bytes. */
  bytes: number;
  /** The model of the same size and recipe with one head per layer, if there is one. */
  oneHead?: string;
  /**
   * A decoder's recipe trained with other key/value head counts: each run's held-out perplexity,
   * measured when it was trained (the cost of sharing keys and values). Absent for other models.
   */
  sharing?: SharingRun[];
}

/** One training run of a decoder's recipe with `kvHeads` key/value heads. */
export interface SharingRun {
  kvHeads: number;
  /** Held-out perplexity on the corpus's held-out sample. */
  perplexity: number;
  /** That perplexity over a smoothed bigram model's on the same text. */
  bigramRatio: number;
}

export interface ShippedModelOptions extends LoadModelOptions {
  /**
   * The folder holding manifest.json and the checkpoints, as a URL (browsers) or a URL or path
   * (Node). Default: the package's own dist/models/. A bundled app copies that folder to its
   * static files and names it here.
   */
  modelsUrl?: string | URL;
}

/** Reads a file of the models folder: `name` under `folder` (or the package's own). */
export type ReadModelFile = (name: string, folder?: string | URL) => Promise<Uint8Array>;

/** `name` inside the folder `folder` (a URL, read relative to `base`), as an absolute URL. */
export function fileInFolder(name: string, folder: string | URL, base: string): string {
  const dir = new URL(folder, base).href;
  return new URL(name, dir.endsWith('/') ? dir : `${dir}/`).href;
}

const MANIFEST_FORMAT = 'headscope-models-1';

async function manifestOf(read: ReadModelFile, folder?: string | URL): Promise<ShippedModelInfo[]> {
  const json = JSON.parse(new TextDecoder().decode(await read('manifest.json', folder)));
  if (json?.format !== MANIFEST_FORMAT || !Array.isArray(json.models))
    throw new Error(`models/manifest.json is not a ${MANIFEST_FORMAT} manifest`);
  return json.models as ShippedModelInfo[];
}

export interface ShippedModels {
  /** The models the package ships, from its manifest. */
  shippedModels(options?: { modelsUrl?: string | URL }): Promise<ShippedModelInfo[]>;
  /**
   * Loads a shipped model by id: `await hs.loadShippedModel('english-encoder')`. Throws an Error
   * naming the id and the ids there are, or the file that could not be read.
   */
  loadShippedModel(id: string, options?: ShippedModelOptions): Promise<Model>;
}

export function makeShippedModels(read: ReadModelFile, loadModel: LoadModel): ShippedModels {
  return {
    shippedModels: (options = {}) => manifestOf(read, options.modelsUrl),
    async loadShippedModel(id, options = {}) {
      const { modelsUrl, ...loadOptions } = options;
      const models = await manifestOf(read, modelsUrl);
      const entry = models.find((m) => m.id === id);
      if (!entry)
        throw new Error(
          `there is no shipped model "${String(id)}"; the ids are ${models.map((m) => m.id).join(', ')}`,
        );
      return loadModel(await read(entry.file, modelsUrl), loadOptions);
    },
  };
}
