// The one-head-or-many comparison, in the worker: the one-head checkpoint runs on the input the
// page's model has just run on, and the core evaluates both models, on this input and held out.
import type { Evaluation, Model, ModelRun, RgbaImage } from '../../lib/public.js';
import type { Comparison } from '../scene.js';
import { guessesOf } from './guesses.js';

/** The input both models read. */
export type CompareInput = { kind: 'text'; text: string } | { kind: 'image'; image: RgbaImage };

/** Held-out evaluations (every head on) by model: they do not depend on the input. */
const heldOuts = new WeakMap<Model, Evaluation>();

function heldOut(model: Model): Evaluation {
  let e = heldOuts.get(model);
  if (!e) {
    e = model.evaluate({ heldOut: true });
    heldOuts.set(model, e);
  }
  return e;
}

/**
 * Compares `many`, which has just run on `input` with `gates`, with `one` on the same input at
 * `layer`. `seqLen` is many's run's: the one-head model must read the same tokens or patches.
 */
export function compareModels(
  many: Model,
  one: Model,
  input: CompareInput,
  layer: number,
  gates: number[],
  seqLen: number,
): Omit<Comparison, 'ms'> {
  // Scoring a classifier on this input scores it against its own answer, which compares nothing.
  const perWord = many.info.descriptor.output !== 'classes';
  // On this input first: evaluate scores the model's last run.
  const manyCurrent = perWord ? many.evaluate({ gates }) : null;
  const info = one.info;
  const family = info.descriptor.family;
  if (family !== many.info.descriptor.family)
    throw new Error(`the one-head checkpoint is a ${family}`);
  const run: ModelRun = input.kind === 'text' ? one.runText(input.text) : one.runImage(input.image);
  if (run.seqLen !== seqLen)
    throw new Error(
      `the one-head model read ${run.seqLen} positions where the other read ${seqLen}`,
    );
  const l = Math.min(layer, info.numLayers - 1);
  const oneCurrent = perWord ? one.evaluate() : null;
  return {
    many: { current: manyCurrent, heldOut: heldOut(many) },
    one: {
      numHeads: info.numHeads,
      headDim: one.attentionConfig.headDim,
      layer: l,
      attention: run.layers[l]!.attention,
      guesses: guessesOf(run, info),
      heads: info.heads.filter((e) => e.layer === l),
      current: oneCurrent,
      heldOut: heldOut(one),
    },
  };
}
