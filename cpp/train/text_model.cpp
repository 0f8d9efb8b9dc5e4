#include "train/text_model.hpp"

#include <cstdio>
#include <limits>

#include "io/checkpoint.hpp"
#include "train/mlm.hpp"
#include "train/recipe.hpp"
#include "train/text_corpus.hpp"

namespace headscope::train {

namespace {

std::vector<MaskedExample> masked(const Vocabulary& vocab, const std::vector<Sentence>& sentences,
                                  Rng& rng, float rate) {
  std::vector<MaskedExample> out;
  for (const Sentence& s : sentences)
    out.push_back(mask_tokens(vocab.encode_framed(s.words), rng, vocab.size(),
                              Vocabulary::kSpecialCount, rate));
  return out;
}

}  // namespace

std::vector<Sentence> held_out_passages(const TextTrainOptions& o) {
  return generate_passages(o.held_out, o.seed + kHeldOutSeedOffset, o.corpus);
}

CorpusStyle corpus_style_of(const std::map<std::string, std::string>& metadata) {
  const auto it = metadata.find(kCorpusStyleKey);
  return it == metadata.end() ? CorpusStyle{} : style_from_string(it->second);
}

TextTrainOptions text_options_of(const std::map<std::string, std::string>& metadata) {
  TextTrainOptions o = default_text_options();
  // The training command writes seeds as whole numbers from 0 (its --seed is an int).
  if (metadata.count("seed"))
    o.seed = std::uint64_t(metadata_int(metadata, "seed", 0, std::numeric_limits<int>::max()));
  o.corpus = corpus_style_of(metadata);
  return o;
}

TextTrainOptions default_text_options() {
  TextTrainOptions o;
  o.model.d_model = 64;
  o.model.num_heads = 4;
  o.model.num_layers = 2;
  o.model.mlp_hidden = 128;
  o.model.max_len = 48;
  return o;
}

TextTrainResult train_text(const TextTrainOptions& o,
                           const std::function<void(int, int, float)>& progress) {
  TextTrainResult r{nullptr, Vocabulary(grammar_vocabulary(o.corpus)), 0.0f, 0.0f};
  EncoderConfig c = o.model;
  c.vocab = r.vocab.size();
  c.patch_dim = 0;
  r.model = std::make_unique<Encoder>(c, o.seed);
  AdamConfig ac = adam_config(o.lr);
  ac.weight_decay = o.weight_decay;
  Adam adam(r.model->params(), ac);
  Rng mask_rng(o.seed ^ 0xa5a5a5a5ull);
  const std::vector<Sentence> held = held_out_passages(o);
  const std::vector<MaskedExample> held_masked = masked(r.vocab, held, mask_rng, o.mask_rate);
  r.initial_loss = mlm_loss(*r.model, held_masked);
  for (int step = 0; step < o.steps; ++step) {
    adam.set_lr(learning_rate(o.lr, o.warmup, o.steps, step));
    const auto batch = masked(r.vocab, generate_passages(o.batch, o.seed * 7919 + step, o.corpus),
                              mask_rng, o.mask_rate);
    const float loss = mlm_step(*r.model, adam, batch);
    if (progress) progress(step + 1, o.steps, loss);
  }
  r.final_loss = mlm_loss(*r.model, held_masked);
  return r;
}

std::vector<HeadEvidence> head_evidence(const std::vector<HeadScores>& heads) {
  std::vector<HeadEvidence> out;
  for (const HeadScores& h : heads) {
    HeadEvidence e{h.layer, h.head, h.label < 0 ? "" : role_name(h.label), {}, {}};
    for (int r = 0; r < kRoleCount; ++r) {
      e.score.emplace_back(role_name(r), h.score[r]);
      e.chance.emplace_back(role_name(r), h.chance[r]);
    }
    for (int r = 0; r < kRoleCount; ++r) {
      e.score.emplace_back(role_name(r) + std::string(" weight"), h.weight[r]);
      e.chance.emplace_back(role_name(r) + std::string(" weight"), h.weight_chance[r]);
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace headscope::train
