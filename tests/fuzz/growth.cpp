// The fuzz step's growth check: text of any shape costs time linear in its length. For each
// reader a learner's text reaches (the word tokenizer, the subword tokenizer, and a text model's
// run, which counts every token past its cap), times one long word and ordinary words at 128 KiB
// and 1 MiB (best of 3) and fails if 8 times the text took more than 24 times as long: linear
// gives about 8, quadratic 64. A ratio, not a time, so a slow or busy machine does not fail it.
// Prints each time, so `bash scripts/fuzz.sh` also reports the 1 MiB single-word figure.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "inputs/subword.hpp"
#include "inputs/tokenizer.hpp"
#include "models/model.hpp"

namespace {

using namespace headscope;

constexpr double kMaxGrowth = 24.0;  // for 8 times the bytes

double best_ms(const std::function<void()>& f) {
  double best = 1e300;
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    f();
    best = std::min(
        best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count());
  }
  return best;
}

// A text of `bytes` bytes: one word ("aaaa…") or ordinary words.
std::string text_of(std::size_t bytes, bool one_word) {
  if (one_word) return std::string(bytes, 'a');
  std::string s;
  while (s.size() + 6 <= bytes) s += "words ";
  return s + std::string(bytes - s.size(), 'x');
}

bool check(const char* name, const std::function<void(const std::string&)>& read) {
  bool ok = true;
  for (const bool one_word : {true, false}) {
    // 1 MiB less a little: run_text appends " [MASK]" within the 1 MiB limit.
    const std::string large = text_of((1 << 20) - 16, one_word);
    const std::string small = text_of(large.size() / 8, one_word);
    const double t_small = best_ms([&] { read(small); });
    const double t_large = best_ms([&] { read(large); });
    const double growth = t_large / std::max(t_small, 1e-3);
    const bool pass = growth <= kMaxGrowth;
    std::printf("growth %-10s %-9s 128 KiB %8.2f ms, 1 MiB %8.2f ms: x%.1f %s\n", name,
                one_word ? "one word" : "words", t_small, t_large, growth,
                pass ? "(linear)" : "(FAILS: over x24)");
    ok = ok && pass;
  }
  return ok;
}

}  // namespace

int main() {
  std::vector<std::string> lines{"the queen smiled", "the king sat", "a naive word"};
  SubwordOptions options;
  options.vocab_size = 600;
  const SubwordTokenizer subword = SubwordTokenizer::train(lines, options);
  const Model& model = fuzz::tiny_text_model();
  ModelRun run;
  bool ok = check("tokenize", [](const std::string& s) { (void)tokenize(s, 512); });
  ok = check("subword", [&](const std::string& s) { (void)subword.encode(s); }) && ok;
  ok = check("run_text", [&](const std::string& s) { model.run_text(s + " [MASK]", {}, run); }) &&
       ok;
  return ok ? 0 : 1;
}
