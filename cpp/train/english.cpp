#include "train/english.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>

#include "base/error.hpp"
#include "inputs/embedding.hpp"
#include "nn/loss.hpp"
#include "train/recipe.hpp"

namespace headscope::train {

namespace {

// Windows shorter than this teach little and make the held-out figures noisy.
constexpr std::size_t kMinWindow = 8;

std::vector<int> piece_ids(const SubwordTokenizer& tokenizer, const std::string& text) {
  std::vector<int> out;
  for (const SubwordPiece& p : tokenizer.encode(text)) out.push_back(p.id);
  return out;
}

// Special tokens are the ids below the first ordinary piece: never masked, never drawn.
int first_piece(const SubwordTokenizer& tokenizer) {
  int first = 0;
  for (const char* s : {"[PAD]", "[UNK]", "[MASK]", "[CLS]", "[SEP]", "[BOS]", "[EOS]"})
    first = std::max(first, tokenizer.id_of(s) + 1);
  return first;
}

// The token embeddings' spread: as they start (N(0, 0.02²)), and after 45 minutes of training.
constexpr float kInitialEmbeddingRms = 0.02f;
constexpr float kTrainedEmbeddingRms = 0.12f;

// The positions as sinusoids of this rms (a sinusoid's own rms is 1/sqrt(2)). Position p+1 is a
// fixed rotation of position p, so "attend to my neighbour" is one linear map away from the
// first step; as noise, each of the 128 positions must first be told apart. Learned positions
// start at the initial token embeddings' spread; frozen ones are never trained, so they start
// where trained token embeddings end up (learned positions reached only 0.05-0.06 rms and
// drifted until neighbouring positions were nearly alike, and no head attended to its neighbour).
void start_sinusoid_positions(PositionalEmbedding& positions, float rms) {
  std::fill(positions.weight.begin(), positions.weight.end(), 0.0f);
  add_sinusoidal_positions(positions.weight, positions.max_len(), positions.dim());
  for (float& w : positions.weight) w *= rms * std::sqrt(2.0f);
}

// Adam's parameters: all of the model's, less the positions when they are frozen.
std::vector<ParamRef> trained_params(Encoder& model, bool freeze_positions) {
  std::vector<ParamRef> params = model.params();
  if (freeze_positions)
    std::erase_if(params,
                  [&](const ParamRef& p) { return p.value.data() == model.pos_emb.weight.data(); });
  return params;
}

std::vector<std::string> training_lines(const Documents& documents) {
  std::vector<std::string> lines;
  for (const auto& d : documents) lines.insert(lines.end(), d.begin(), d.end());
  return lines;
}

}  // namespace

float position_rms(const EnglishTrainOptions& o) {
  if (o.positions == Positions::kRotary) return 0;  // nothing is added to x
  if (o.position_rms > 0) return o.position_rms;
  return o.positions == Positions::kFrozen ? kTrainedEmbeddingRms : kInitialEmbeddingRms;
}

const char* objective_name(Objective objective) {
  return objective == Objective::kMasked ? "masked" : "causal";
}

const char* positions_name(Positions positions) {
  return positions == Positions::kFrozen     ? "frozen"
         : positions == Positions::kSinusoid ? "sinusoid"
         : positions == Positions::kNoise    ? "noise"
                                             : "rotary";
}

Positions positions_from_name(const std::string& name) {
  for (const Positions p :
       {Positions::kFrozen, Positions::kSinusoid, Positions::kNoise, Positions::kRotary})
    if (name == positions_name(p)) return p;
  fail("--positions '", name, "' must be frozen, sinusoid, noise or rotary");
}

Documents read_documents(const std::string& path) {
  std::ifstream file(path);
  if (!file) fail("cannot read the corpus file ", path, "; build it with scripts/corpus/build.mjs");
  Documents docs(1);
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty()) {
      if (!docs.back().empty()) docs.emplace_back();
    } else {
      docs.back().push_back(line);
    }
  }
  if (docs.back().empty()) docs.pop_back();
  if (docs.empty()) fail("the corpus file ", path, " has no text");
  return docs;
}

TokenStream tokenize_documents(const SubwordTokenizer& tokenizer, const Documents& documents) {
  TokenStream s;
  for (const auto& doc : documents) {
    for (const std::string& line : doc) {
      s.line_start.push_back(s.ids.size());
      const std::vector<int> ids = piece_ids(tokenizer, line);
      s.ids.insert(s.ids.end(), ids.begin(), ids.end());
    }
    s.doc_end.resize(s.line_start.size(), s.ids.size());
  }
  return s;
}

EnglishTrainOptions default_english_options(Objective objective) {
  EnglishTrainOptions o;
  o.objective = objective;
  o.model.d_model = 128;
  o.model.num_heads = 8;
  o.model.num_kv_heads = objective == Objective::kCausal ? 2 : 0;
  o.model.num_layers = 3;
  o.model.mlp_hidden = 512;
  o.model.max_len = 128;
  o.model.causal = objective == Objective::kCausal;
  // Measured in 400-step trials of the decoder: lr 3e-3 reached held-out loss 5.51, 1e-3 5.90.
  o.lr = 3e-3f;
  // Steps that fit 45 minutes on one core (-march=native) while another run holds the other,
  // with room for a shared machine's swings: measured 0.5 s a decoder step and 0.35 s an
  // encoder step (its head reads only the masked positions), each swinging up to 0.85 s and 0.6 s.
  o.steps = objective == Objective::kCausal ? 4600 : 6000;
  o.mask_rate = 0.3f;
  return o;
}

MaskedExample make_example(const SubwordTokenizer& tokenizer, const TokenStream& stream,
                           std::size_t line, Objective objective, int max_len, Rng& rng,
                           float mask_rate) {
  const std::size_t begin = stream.line_start[line];
  if (objective == Objective::kCausal) {
    const std::size_t end = std::min(stream.doc_end[line], begin + std::size_t(max_len));
    MaskedExample ex;
    ex.targets.assign(stream.ids.begin() + long(begin), stream.ids.begin() + long(end));
    ex.inputs.push_back(tokenizer.id_of("[BOS]"));
    ex.inputs.insert(ex.inputs.end(), ex.targets.begin(), ex.targets.end() - 1);
    return ex;
  }
  const std::size_t end = std::min(stream.doc_end[line], begin + std::size_t(max_len - 2));
  std::vector<int> ids{tokenizer.id_of("[CLS]")};
  ids.insert(ids.end(), stream.ids.begin() + long(begin), stream.ids.begin() + long(end));
  ids.push_back(tokenizer.id_of("[SEP]"));
  return mask_tokens(ids, rng, tokenizer.size(), first_piece(tokenizer), mask_rate,
                     tokenizer.id_of("[MASK]"));
}

std::vector<MaskedExample> held_out_windows(const SubwordTokenizer& tokenizer,
                                            const TokenStream& stream, Objective objective,
                                            int max_len, int count, std::uint64_t seed,
                                            float mask_rate) {
  Rng rng(seed + kHeldOutSeedOffset);
  std::vector<MaskedExample> out;
  for (std::size_t line = 0; line < stream.line_start.size() && int(out.size()) < count; ++line) {
    // Lines far apart, so the windows do not overlap: every line whose window is long enough,
    // skipping the lines the previous window covered.
    if (stream.doc_end[line] - stream.line_start[line] < kMinWindow) continue;
    out.push_back(make_example(tokenizer, stream, line, objective, max_len, rng, mask_rate));
    const std::size_t covered = stream.line_start[line] + out.back().inputs.size();
    while (line + 1 < stream.line_start.size() && stream.line_start[line + 1] < covered) ++line;
  }
  if (out.empty()) fail("the held-out corpus has no window of ", kMinWindow, " tokens");
  return out;
}

MaskedAccuracy evaluate(const Encoder& model, const std::vector<MaskedExample>& examples) {
  MaskedAccuracy a;
  Encoder::Trace trace;
  const int v = model.output_size();
  for (const MaskedExample& ex : examples) {
    model.forward_ids(ex.inputs, {}, trace);
    for (std::size_t i = 0; i < ex.targets.size(); ++i) {
      const int target = ex.targets[i];
      if (target == kIgnoreIndex) continue;
      const float* row = trace.logits.data() + i * std::size_t(v);
      const float mx = *std::max_element(row, row + v);
      double sum = 0;
      int above = 0;  // logits above the target's: its rank
      for (int k = 0; k < v; ++k) {
        sum += std::exp(double(row[k] - mx));
        above += row[k] > row[target];
      }
      a.loss += std::log(sum) - double(row[target] - mx);
      a.top1 += above == 0;
      a.top5 += above < 5;
      ++a.targets;
    }
  }
  if (a.targets)
    a.loss /= double(a.targets), a.top1 /= double(a.targets), a.top5 /= double(a.targets);
  return a;
}

EnglishTrainResult train_english(
    const EnglishTrainOptions& o, const std::function<void(int, int, float)>& progress,
    const std::function<void(Encoder&, const SubwordTokenizer&, int)>& checkpoint,
    int checkpoint_every) {
  const auto start = std::chrono::steady_clock::now();
  const Documents train_docs = read_documents(o.corpus_dir + "/train.txt");
  const Documents held_docs = read_documents(o.corpus_dir + "/heldout.txt");
  SubwordOptions so;
  so.vocab_size = o.vocab_size;
  EnglishTrainResult r{nullptr, SubwordTokenizer::train(training_lines(train_docs), so), {}, {}, 0};
  const TokenStream stream = tokenize_documents(r.tokenizer, train_docs);
  const TokenStream held_stream = tokenize_documents(r.tokenizer, held_docs);
  const auto held = held_out_windows(r.tokenizer, held_stream, o.objective, o.model.max_len,
                                     o.held_out_windows, o.seed, o.mask_rate);
  EncoderConfig c = o.model;
  c.vocab = r.tokenizer.size();
  const bool rotary = o.positions == Positions::kRotary;
  if (rotary) c.rope_base = kRopeBase;
  r.model = std::make_unique<Encoder>(c, o.seed);
  if (rotary)
    std::fill(r.model->pos_emb.weight.begin(), r.model->pos_emb.weight.end(), 0.0f);
  else if (o.positions != Positions::kNoise)
    start_sinusoid_positions(r.model->pos_emb, position_rms(o));
  Adam adam(trained_params(*r.model, o.positions == Positions::kFrozen || rotary),
            adam_config(o.lr));
  Rng rng(o.seed * 7919 + 17);
  r.initial = evaluate(*r.model, held);
  const auto lines = std::uint32_t(stream.line_start.size());
  for (int step = 0; step < o.steps; ++step) {
    adam.set_lr(learning_rate(o.lr, o.warmup, o.steps, step));
    std::vector<MaskedExample> batch;
    while (int(batch.size()) < o.batch) {
      const std::size_t line = rng.next_u32() % lines;
      if (stream.doc_end[line] - stream.line_start[line] < kMinWindow) continue;
      batch.push_back(
          make_example(r.tokenizer, stream, line, o.objective, c.max_len, rng, o.mask_rate));
    }
    const float loss = mlm_step(*r.model, adam, batch);
    if (progress) progress(step + 1, o.steps, loss);
    if (checkpoint && (step + 1) % checkpoint_every == 0 && step + 1 < o.steps)
      checkpoint(*r.model, r.tokenizer, step + 1);
  }
  r.final = evaluate(*r.model, held);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace headscope::train
