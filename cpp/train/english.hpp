// Training on real English: the corpus scripts/corpus/build.mjs writes (data/corpus/train.txt and
// heldout.txt: one paragraph per line, a blank line between documents), a subword tokenizer
// trained on its training half (inputs/subword.hpp), and windows of whole lines cut from it.
//
//   train.txt ──SubwordTokenizer::train──► pieces
//             ──encode each line──► ids per document, with the lines' starts
//   window: a line start s in a document, up to n tokens from s (never past the document's end)
//     masked (BERT-like encoder):  [CLS] w[0..n-3] [SEP] ──mask_tokens──► inputs, targets
//     causal (GPT-like decoder):   [BOS] w[0..n-2]  targets w[0..n-1] (the next token at each i)
//   loss: softmax cross-entropy at the targets (train/mlm.hpp's step: one function for both)
//
// Same corpus, options and seed: same tokenizer, same windows, same weights.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "inputs/subword.hpp"
#include "nn/encoder.hpp"
#include "train/mlm.hpp"

namespace headscope::train {

enum class Objective { kMasked, kCausal };
const char* objective_name(Objective objective);  // "masked", "causal"

// The positions' start and whether they train (english.cpp says why):
//   kFrozen    fixed sinusoids at the trained token embeddings' scale, never trained
//   kSinusoid  learned, starting as sinusoids at the initial token embeddings' scale
//   kNoise     learned, starting as N(0, 0.02²) noise
//   kRotary    none added to x (pos_emb frozen at zero): queries and keys are rotated by
//              position instead (attention/rotary.hpp, base kRopeBase)
enum class Positions { kFrozen, kSinusoid, kNoise, kRotary };
const char* positions_name(Positions positions);  // "frozen", "sinusoid", "noise", "rotary"
// Throws Error naming the value and the four names.
Positions positions_from_name(const std::string& name);

// A corpus file read as documents, each a list of lines (paragraphs).
using Documents = std::vector<std::vector<std::string>>;
Documents read_documents(const std::string& path);

// A tokenized corpus: every document's ids one after another; windows start at a line's start
// and stop at its document's end.
struct TokenStream {
  std::vector<int> ids;
  std::vector<std::size_t> line_start;  // index into ids
  std::vector<std::size_t> doc_end;     // for each line: where its document's ids end
};
TokenStream tokenize_documents(const SubwordTokenizer& tokenizer, const Documents& documents);

struct EnglishTrainOptions {
  EncoderConfig model;
  Objective objective = Objective::kMasked;
  int vocab_size = 4096;  // subword pieces, specials and bytes included
  int steps = 4000;
  int batch = 16;
  float lr = 1e-3f;
  int warmup = 200;
  std::uint64_t seed = 1;
  float mask_rate = 0.15f;
  Positions positions = Positions::kFrozen;
  float position_rms = 0;  // the sinusoids' rms; 0: the named scale for `positions` (english.cpp)
  int held_out_windows = 256;  // windows of heldout.txt the held-out figures are measured on
  std::string corpus_dir = "data/corpus";
};

// Rotary positions' base, as RoFormer's and LLaMA's.
inline constexpr int kRopeBase = 10000;

// The rms the positions start at: options.position_rms, or the named scale for the kind.
float position_rms(const EnglishTrainOptions& options);

// d_model 128, 8 heads of 16 (the decoder: 2 key/value heads), 3 layers, MLP 512, 128 tokens.
EnglishTrainOptions default_english_options(Objective objective);

// A window's model inputs and targets for the objective (train/mlm.hpp's MaskedExample).
MaskedExample make_example(const SubwordTokenizer& tokenizer, const TokenStream& stream,
                           std::size_t line, Objective objective, int max_len, Rng& rng,
                           float mask_rate);

// The held-out windows: one from each of the first `count` lines of heldout.txt that start a
// window of at least 8 tokens, in order (the same every run: masking seeded from `seed`).
std::vector<MaskedExample> held_out_windows(const SubwordTokenizer& tokenizer,
                                            const TokenStream& stream, Objective objective,
                                            int max_len, int count, std::uint64_t seed,
                                            float mask_rate);

struct MaskedAccuracy {
  double top1 = 0, top5 = 0;  // over every target position
  double loss = 0;            // mean cross-entropy per target (perplexity = exp(loss))
  long long targets = 0;
};
MaskedAccuracy evaluate(const Encoder& model, const std::vector<MaskedExample>& examples);

struct EnglishTrainResult {
  std::unique_ptr<Encoder> model;
  SubwordTokenizer tokenizer;
  MaskedAccuracy initial, final;
  double seconds = 0;
};

// progress(step, steps, loss) after every step; checkpoint(model, tokenizer, step) every
// `checkpoint_every` steps, so a long run leaves usable weights behind.
EnglishTrainResult train_english(
    const EnglishTrainOptions& options, const std::function<void(int, int, float)>& progress = {},
    const std::function<void(Encoder&, const SubwordTokenizer&, int)>& checkpoint = {},
    int checkpoint_every = 500);

}  // namespace headscope::train
