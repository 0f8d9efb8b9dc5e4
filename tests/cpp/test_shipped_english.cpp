// The real-English checkpoints in public/models/ do what README.md says. From each shipped file
// and tests/data/english/, through Model as the page runs it, this recomputes README's English
// tables: held-out perplexity, top-1 and top-5 (within 1% and half a point), the everyday
// masked-word top-5 and unknown share, the decoder against its smoothed bigram, the training time
// and file size limits, and every labelled head (label and both measures, within 0.02), in both
// directions: a row with no such head fails, and so does a labelled head with no row.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "helpers.hpp"
#include "models/model.hpp"
#include "models/text_evidence.hpp"

namespace headscope::test {
namespace {

const std::string kRoot = HEADSCOPE_SOURCE_DIR;

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream f(kRoot + "/" + path);
  std::vector<std::string> out;
  for (std::string line; std::getline(f, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line.substr(1));
  for (std::string cell; std::getline(ss, cell, '|');) {
    const auto a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
    cells.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
  }
  return cells;
}

// README's rows for the English models: "| english-… | …", split into cells.
std::vector<std::vector<std::string>> readme_rows(std::size_t cells) {
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : lines_of("README.md"))
    if (line.rfind("| english-", 0) == 0 && cells_of(line).size() == cells)
      rows.push_back(cells_of(line));
  return rows;
}

// "12.9%" -> 0.129; "304.3" -> 304.3.
double number(const std::string& cell) {
  const double v = std::stod(cell);
  return cell.back() == '%' ? v / 100.0 : v;
}

std::vector<std::uint8_t> shipped(const std::string& model, std::size_t& size) {
  std::ifstream f(kRoot + "/public/models/" + model + ".safetensors", std::ios::binary);
  std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(f), {}};
  size = bytes.size();
  return bytes;
}

double score_of(const HeadEvidence& h, const std::string& name) {
  for (const auto& [role, score] : h.score)
    if (role == name) return score;
  ADD_FAILURE() << "no measure '" << name << "'";
  return -1;
}

// The figures table: model | heads | trained (minutes) | file (MB) | held-out perplexity | top-1
// | top-5 | WordNet examples top-5 | written sentences top-5 | against bigram. The encoders'
// top-5 on everyday text no one here wrote (WordNet's held-out example sentences) is at least 30%.
TEST(ShippedEnglish, FiguresAreWhatTheReadmeSays) {
  const auto sample = lines_of("tests/data/english/heldout-sample.txt");
  const auto written = lines_of("tests/data/english/everyday.txt");
  const auto wordnet = lines_of("tests/data/english/wordnet-examples.txt");
  ASSERT_GE(sample.size(), 300u);
  ASSERT_EQ(wordnet.size(), 300u);
  const auto rows = readme_rows(10);
  ASSERT_EQ(rows.size(), 4u) << "README's English figures table has four models";
  for (const auto& r : rows) {
    SCOPED_TRACE(r[0]);
    std::size_t size = 0;
    const Model m = Model::from_bytes(shipped(r[0], size));
    EXPECT_LE(size, 4u << 20) << "over 4 MB";
    EXPECT_NEAR(double(size) / 1e6, number(r[3]), 0.05);
    const int seconds = std::stoi(m.metadata().at("train_seconds"));
    EXPECT_LE(seconds, 45 * 60) << "trained for over 45 minutes";
    EXPECT_NEAR(seconds / 60.0, number(r[2]), 0.5);
    const TextFigures f = text_figures(m, sample);
    EXPECT_NEAR(f.perplexity, number(r[4]), 0.01 * number(r[4]));
    EXPECT_NEAR(f.top1, number(r[5]), 0.005);
    EXPECT_NEAR(f.top5, number(r[6]), 0.005);
    if (m.config().causal) {
      const double bigram = std::stod(m.metadata().at("bigram_perplexity"));
      EXPECT_NEAR(f.perplexity / bigram, number(r[9]), 0.01);
    } else {
      const EverydayFigures w = everyday_figures(m, wordnet);
      EXPECT_NEAR(w.top5, number(r[7]), 0.005);
      EXPECT_GE(w.top5, 0.30) << "the masked word is in the top five under 30% of the time";
      EXPECT_LE(w.unknown, 0.01) << "over 1% of WordNet's example tokens unknown";
      const EverydayFigures e = everyday_figures(m, written);
      EXPECT_NEAR(e.top5, number(r[8]), 0.005);
      EXPECT_LE(e.unknown, 0.01) << "over 1% of everyday tokens unknown";
    }
  }
}

// The heads table: model | layer | head | label | score | weight. Broad-attention rows give the
// mean normalised entropy as the score and no weight.
TEST(ShippedEnglish, LabelledHeadsAreWhatTheReadmeSays) {
  const auto sample = lines_of("tests/data/english/heldout-sample.txt");
  std::map<std::string, std::vector<std::vector<std::string>>> by_model;
  for (const auto& r : readme_rows(6)) by_model[r[0]].push_back(r);
  for (const std::string name :
       {"english-encoder", "english-encoder-1head", "english-decoder", "english-decoder-1head"}) {
    SCOPED_TRACE(name);
    std::size_t size = 0;
    const Model m = Model::from_bytes(shipped(name, size));
    std::size_t labelled = 0;
    for (const HeadEvidence& h : text_head_evidence(m, sample)) {
      if (h.label.empty()) continue;
      ++labelled;
      const auto& rows = by_model[name];
      const auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) {
        return std::stoi(r[1]) == h.layer + 1 && std::stoi(r[2]) == h.head + 1;
      });
      ASSERT_NE(row, rows.end()) << "layer " << h.layer + 1 << " head " << h.head + 1
                                 << " is labelled '" << h.label << "' but README has no row";
      EXPECT_EQ((*row)[3], h.label);
      if (h.label == "broad attention") {
        EXPECT_NEAR(score_of(h, h.label), number((*row)[4]), 0.02);
      } else {
        EXPECT_NEAR(score_of(h, h.label), number((*row)[4]), 0.02);
        EXPECT_NEAR(score_of(h, h.label + " weight"), number((*row)[5]), 0.02);
      }
    }
    EXPECT_EQ(labelled, by_model[name].size()) << "README lists a head the model does not label";
  }
}

}  // namespace
}  // namespace headscope::test
