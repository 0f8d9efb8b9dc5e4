// Continuing a text with a causal decoder, one token at a time, through the KV cache: what the
// page animates. Each step says which token came, how likely it was, the runners-up, and where
// the new token's heads looked.
//
//   start(text): Model::run_text reads and frames the text ([BOS] + pieces) ──KvCache──► logits
//   step():      logits ──/ temperature, keep the top k──► softmax ──draw (seeded) or argmax──►
//                id ──KvCache::step──► the next logits, the new token's attention
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/rng.hpp"
#include "models/model.hpp"
#include "nn/kv_cache.hpp"

namespace headscope {

struct GenerateOptions {
  float temperature = 0;  // 0: greedy (always the most likely token)
  int top_k = 0;          // 0: every token; else draw among the k most likely
  std::uint64_t seed = 1;
};
// Highest temperature and top-k accepted: beyond them the draw is noise.
inline constexpr float kMaxTemperature = 5.0f;

struct GeneratedToken {
  int id = 0;
  std::string token;  // as the page shows it: "jump", "##s"
  float probability;  // of the drawn token, after temperature and top-k
  std::vector<std::pair<std::string, float>> top;  // the five most likely, most likely first
  // Per layer, [heads × positions]: the new token's attention over every token so far, itself
  // included (its position is the last).
  std::vector<std::vector<float>> attention;
};

class Generator {
 public:
  // Error for a model that is not causal, for options out of range, or for text the model
  // refuses (Model::run_text's errors). gates: empty or [layers × heads].
  Generator(const Model& model, std::string_view text, const GenerateOptions& options,
            std::vector<float> gates = {});

  // The tokens read so far: the framed text, then every generated token.
  const std::vector<std::string>& tokens() const { return tokens_; }
  // Whether another token fits in the model's context.
  bool can_step() const { return cache_.length() < model_.config().max_len; }
  // Draws the next token and feeds it in; Error once the context is full.
  GeneratedToken step();

 private:
  int draw(std::vector<std::pair<float, int>>& ranked);

  const Model& model_;
  GenerateOptions options_;
  std::vector<float> gates_;
  KvCache cache_;
  Rng rng_;
  std::vector<float> logits_;
  std::vector<std::string> tokens_;
};

}  // namespace headscope
