// The shipped models, from public/models/manifest.json: the one place that names the checkpoint
// files. The page, the widget (`model="<id>"`) and the URL (`#model=<id>`) choose a model by its
// id; the input mode follows from the model. The JSON is bundled, so choosing a model never waits
// for a fetch; the file is also served beside the checkpoints (models/manifest.json) for others.
import manifest from '../../../public/models/manifest.json';
import type { ShippedModelInfo } from '../../lib/shipped.js';

/** What a model reads, as its descriptor's `input`. */
export type ModelInput = ShippedModelInfo['input'];

/** One entry of the manifest, as the package's `hs.shippedModels()` gives it. */
export type ManifestModel = ShippedModelInfo;

function checked(models: ManifestModel[]): ManifestModel[] {
  const ids = new Set(models.map((m) => m.id));
  for (const m of models) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(m.id)) throw new Error(`manifest: bad model id ${m.id}`);
    if (m.input !== 'text' && m.input !== 'image')
      throw new Error(`manifest: ${m.id} reads ${String(m.input)}`);
    if (m.oneHead !== undefined && !ids.has(m.oneHead))
      throw new Error(`manifest: ${m.id}'s one-head model ${m.oneHead} is not listed`);
  }
  return models;
}

/** Every shipped model, in the manifest's order (the first of each input is its default). */
export const MODELS: readonly ManifestModel[] = checked(manifest.models as ManifestModel[]);

/** The model with this id, or undefined. */
export function modelById(id: string): ManifestModel | undefined {
  return MODELS.find((m) => m.id === id);
}

/** The model shown for an input when none is named: the manifest's first that reads it. */
export function defaultModelFor(input: ModelInput): ManifestModel {
  return MODELS.find((m) => m.input === input)!;
}

/** The absolute URL of a model's checkpoint under the folder `base` (an absolute URL). */
export function checkpointUrl(base: string, id: string): string {
  const m = modelById(id);
  if (!m) throw new Error(`there is no shipped model ${id}`);
  return new URL(m.file, base).href;
}

/** The absolute URL of a model's one-head comparison checkpoint under `base`, or null. */
export function oneHeadUrl(base: string, id: string): string | null {
  const one = modelById(id)?.oneHead;
  return one === undefined ? null : checkpointUrl(base, one);
}
