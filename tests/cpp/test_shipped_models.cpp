// The checkpoints in public/models/ do what README.md says: every head score the README's table
// lists is recomputed here, from the shipped file, on the same held-out data, within 0.02; and
// every held-out loss and accuracy of its one-head-or-many table, within 0.01 and 1 point.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "helpers.hpp"
#include "io/checkpoint.hpp"
#include "models/model.hpp"
#include "train/importance.hpp"
#include "train/text_model.hpp"
#include "train/vision_model.hpp"

namespace headscope::test {
namespace {

std::vector<std::uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return {};
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

struct Row {
  std::string model, role;
  int layer = 0, head = 0;
  double score = 0;
};

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Rows "| text | 1 | 2 | previous token | 0.99 |" of README.md's head table (models text,
// text-1head, vision and vision-1head: public/models/<model>.safetensors).
std::vector<Row> readme_rows() {
  std::ifstream f(std::string(HEADSCOPE_SOURCE_DIR) + "/README.md");
  std::vector<Row> rows;
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("| text", 0) != 0 && line.rfind("| vision", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line.substr(1));
    std::string cell;
    while (std::getline(ss, cell, '|')) cells.push_back(trim(cell));
    if (cells.size() < 5) continue;
    rows.push_back({cells[0], cells[3], std::stoi(cells[1]) - 1, std::stoi(cells[2]) - 1,
                    std::stod(cells[4])});
  }
  return rows;
}

// public/models/<name>, which must be there and at most 2 MB.
std::vector<std::uint8_t> shipped_bytes(const std::string& name) {
  auto bytes = read_bytes(std::string(HEADSCOPE_SOURCE_DIR) + "/public/models/" + name);
  EXPECT_FALSE(bytes.empty()) << name << " is missing";
  EXPECT_LE(bytes.size(), 2u << 20) << name << " is over 2 MB";
  return bytes;
}

LoadedEncoder load(const std::string& name) {
  return load_encoder(shipped_bytes(name));
}

TEST(ShippedModels, TextHeadsScoreWhatTheReadmeSays) {
  int rows = 0;
  for (const std::string name : {"text", "text-1head"}) {
    const LoadedEncoder m = load(name + ".safetensors");
    const train::TextTrainOptions o = train::text_options_of(m.metadata);
    const Vocabulary vocab = Vocabulary::parse(m.metadata.at("vocabulary"));
    const auto scores = train::score_heads(*m.model, vocab, train::held_out_passages(o));
    for (const Row& r : readme_rows()) {
      if (r.model != name) continue;
      ++rows;
      const train::HeadScores& s =
          scores.at(std::size_t(r.layer) * m.model->config().num_heads + r.head);
      int role = 0;
      while (role < train::kRoleCount && r.role != train::role_name(role)) ++role;
      ASSERT_LT(role, train::kRoleCount) << "unknown role '" << r.role << "'";
      EXPECT_NEAR(s.score[role], r.score, 0.02)
          << name << " layer " << r.layer + 1 << " head " << r.head + 1;
      EXPECT_EQ(s.label, role) << name << " layer " << r.layer + 1 << " head " << r.head + 1;
    }
  }
  EXPECT_GE(rows, 4);
}

TEST(ShippedModels, VisionHeadsScoreWhatTheReadmeSays) {
  int rows = 0;
  for (const std::string name : {"vision", "vision-1head"}) {
    const LoadedEncoder m = load(name + ".safetensors");
    train::VisionTrainOptions o = train::default_vision_options();
    o.seed = std::stoull(m.metadata.at("seed"));
    const auto scores = train::score_vision_heads(*m.model, train::held_out_images(o));
    for (const Row& r : readme_rows()) {
      if (r.model != name) continue;
      ++rows;
      const train::VisionHeadScores& s =
          scores.at(std::size_t(r.layer) * m.model->config().num_heads + r.head);
      ASSERT_TRUE(r.role == "other shape" || r.role == "shapes") << r.role;
      EXPECT_NEAR(r.role == "other shape" ? s.other_shape : s.shapes, r.score, 0.02) << name;
      EXPECT_EQ(s.label, r.role) << name;
    }
  }
  EXPECT_GE(rows, 2);
}

// Rows "| `text.safetensors` | 8 × 3 | 0.97 | 78.1% |" of README.md's one-head-or-many table.
TEST(ShippedModels, HeldOutLossAndAccuracyAreWhatTheReadmeSays) {
  std::ifstream f(std::string(HEADSCOPE_SOURCE_DIR) + "/README.md");
  std::string line;
  int rows = 0;
  while (std::getline(f, line)) {
    if (line.rfind("| `", 0) != 0 || line.find(".safetensors` |") == std::string::npos) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line.substr(1));
    std::string cell;
    while (std::getline(ss, cell, '|')) cells.push_back(trim(cell));
    ASSERT_GE(cells.size(), 4u) << line;
    const std::string name = cells[0].substr(1, cells[0].size() - 2);
    const LoadedEncoder m = load(name);
    const bool text = m.model->config().vocab > 0;
    const auto examples = text
                              ? train::text_held_out(Vocabulary::parse(m.metadata.at("vocabulary")),
                                                     400, train::corpus_style_of(m.metadata))
                              : train::image_held_out(400);
    const train::EvalResult r = train::evaluate(*m.model, examples, {});
    EXPECT_NEAR(r.loss, std::stod(cells[2]), 0.01) << name;
    EXPECT_NEAR(100 * r.accuracy, std::stod(cells[3]), 1.0) << name;
    ++rows;
  }
  EXPECT_GE(rows, 4);
}

// README.md: the shipped text model's layer 1 head 4 carries the final mark to a masked
// intensifier. With every head on, "!" gives "so" and "." gives "very" at the first [MASK]; with
// that head off, both guesses fall to the figures README gives.
TEST(ShippedModels, TheFinalMarkHeadDecidesTheIntensifier) {
  const Model m = Model::from_bytes(shipped_bytes("text.safetensors"));
  const int heads = m.config().num_heads;
  const Vocabulary& vocab = m.vocabulary();
  // P(word) at the first [MASK] of `text`, with layer 1 head 4 on or off.
  auto guess = [&](const char* text, const char* word, bool head_on) {
    std::vector<float> gates(std::size_t(m.config().num_layers) * heads, 1.0f);
    gates[3] = head_on ? 1.0f : 0.0f;
    ModelRun run;
    m.run_text(text, gates, run);
    const int at =
        int(std::find(run.tokens.begin(), run.tokens.end(), "[MASK]") - run.tokens.begin());
    return run.probabilities[std::size_t(at) * m.config().vocab + vocab.id(word)];
  };
  const char* exclamation = "The queen says that she is [MASK] [MASK]!";
  const char* statement = "The queen says that she is [MASK] [MASK].";
  EXPECT_NEAR(guess(exclamation, "so", true), 1.00, 0.01);
  EXPECT_NEAR(guess(statement, "very", true), 1.00, 0.01);
  EXPECT_NEAR(guess(exclamation, "so", false), 0.55, 0.01);
  EXPECT_NEAR(guess(statement, "very", false), 0.84, 0.01);
}

}  // namespace
}  // namespace headscope::test
