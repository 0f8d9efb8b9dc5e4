// headscope-train: trains a model and writes its checkpoint.
//
//   headscope-train text|vision [--out PATH] [--steps N] [--seed S] [--layers L] [--heads H]
//                               [--d-model D] [--batch B] [--lr LR]
//   text only: [--max-len T] [--mask-rate R] [--weight-decay W] [--commas P] [--sentences N]
//              [--separator 0|1] [--exclamations P]   (text_model.hpp's TextTrainOptions,
//              text_corpus.hpp's style)
//
// Prints a progress bar with the loss, then the held-out loss (and accuracy) and every head's
// scores, and writes the checkpoint (default public/models/<text|vision>.safetensors).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <string>

#include "base/error.hpp"
#include "io/checkpoint.hpp"
#include "models/family.hpp"
#include "models/model.hpp"
#include "models/text_evidence.hpp"
#include "train/bigram.hpp"
#include "train/english.hpp"
#include "train/text_model.hpp"
#include "train/vision_model.hpp"

namespace {

using namespace headscope;

void usage() {
  std::cerr << "usage: headscope-train text|vision [--out PATH] [--steps N] [--seed S]\n"
               "         [--layers L] [--heads H] [--d-model D] [--batch B] [--lr LR]\n"
               "       text only: [--max-len T] [--mask-rate R] [--weight-decay W] [--commas P]\n"
               "                  [--sentences N] [--separator 0|1] [--exclamations P]\n"
               "       english: [--objective masked|causal] [--corpus DIR] [--vocab V]\n"
               "                [--kv-heads K] [--mlp M] [--warmup W] [--mask-rate R]\n"
               "                [--positions frozen|sinusoid|noise|rotary] [--position-rms R]\n"
               "       describe|rescore --out PATH [--corpus DIR]\n";
}

struct Options {
  std::string out;
  int steps = 0, layers = 0, heads = 0, d_model = 0, batch = 0, max_len = 0;
  std::uint64_t seed = 1;
  float lr = 0;
  bool has_seed = false;
  // Text only; negative: the recipe's default.
  float mask_rate = -1, weight_decay = -1, commas = -1, exclamations = -1;
  int sentences = 0, separator = -1;
  // English only.
  std::string objective = "masked", corpus = "data/corpus", positions;  // "": the default
  int vocab = 0, kv_heads = -1, mlp = 0, warmup = -1;
  float position_rms = 0;
};

float fraction_arg(const char* name, const char* value) {
  char* end = nullptr;
  const float v = std::strtof(value, &end);
  if (*value == '\0' || *end != '\0' || !(v >= 0.0f && v <= 1.0f))
    fail(name, " '", value, "' must be a number from 0 to 1");
  return v;
}

int int_arg(const char* name, const char* value) {
  char* end = nullptr;
  const long v = std::strtol(value, &end, 10);
  if (*value == '\0' || *end != '\0' || v < 0 || v > 100000000)
    fail(name, " '", value, "' must be a whole number");
  return int(v);
}

void bar(int step, int steps, float loss, double seconds) {
  const int width = 30, filled = steps ? int(double(step) / steps * width) : width;
  const double eta = step ? seconds / step * (steps - step) : 0.0;
  std::fprintf(stderr, "\r[%.*s%*s] step %d/%d  loss %.3f  %.0f s left   ", filled,
               "##############################", width - filled, "", step, steps, loss, eta);
  if (step == steps) std::fputc('\n', stderr);
}

Options parse(int argc, char** argv) {
  Options o;
  o.out = std::string("public/models/") + argv[1] + ".safetensors";
  for (int i = 2; i < argc; i += 2) {
    if (i + 1 >= argc) fail("option ", argv[i], " needs a value");
    const std::string k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--out")
      o.out = v;
    else if (k == "--steps")
      o.steps = int_arg("--steps", v);
    else if (k == "--seed")
      o.seed = std::uint64_t(int_arg("--seed", v)), o.has_seed = true;
    else if (k == "--layers")
      o.layers = int_arg("--layers", v);
    else if (k == "--heads")
      o.heads = int_arg("--heads", v);
    else if (k == "--d-model")
      o.d_model = int_arg("--d-model", v);
    else if (k == "--batch")
      o.batch = int_arg("--batch", v);
    else if (k == "--max-len")
      o.max_len = int_arg("--max-len", v);
    else if (k == "--lr")
      o.lr = std::strtof(v, nullptr);
    else if (k == "--mask-rate")
      o.mask_rate = fraction_arg("--mask-rate", v);
    else if (k == "--weight-decay")
      o.weight_decay = fraction_arg("--weight-decay", v);
    else if (k == "--commas")
      o.commas = fraction_arg("--commas", v);
    else if (k == "--sentences")
      o.sentences = int_arg("--sentences", v);
    else if (k == "--exclamations")
      o.exclamations = fraction_arg("--exclamations", v);
    else if (k == "--objective")
      o.objective = v;
    else if (k == "--corpus")
      o.corpus = v;
    else if (k == "--vocab")
      o.vocab = int_arg("--vocab", v);
    else if (k == "--kv-heads")
      o.kv_heads = int_arg("--kv-heads", v);
    else if (k == "--mlp")
      o.mlp = int_arg("--mlp", v);
    else if (k == "--warmup")
      o.warmup = int_arg("--warmup", v);
    else if (k == "--position-rms")
      o.position_rms = fraction_arg("--position-rms", v);
    else if (k == "--positions")
      o.positions = v;
    else if (k == "--separator")
      o.separator = int_arg("--separator", v) != 0;
    else
      fail("unknown option ", k);
  }
  return o;
}

// Applies the options given on the command line over a training recipe's defaults.
template <typename Recipe>
void apply(const Options& a, Recipe& o) {
  if (a.steps) o.steps = a.steps;
  if (a.has_seed) o.seed = a.seed;
  if (a.layers) o.model.num_layers = a.layers;
  if (a.heads) o.model.num_heads = a.heads;
  if (a.d_model) o.model.d_model = a.d_model;
  if (a.batch) o.batch = a.batch;
  if (a.max_len) o.model.max_len = a.max_len;
  if (a.lr > 0) o.lr = a.lr;
}

// A progress bar on stderr showing a smoothed loss and the time left; it also times the run.
class ProgressBar {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  std::function<void(int, int, float)> callback() {
    return [this](int step, int steps, float loss) {
      shown_ = step == 1 ? loss : 0.98f * shown_ + 0.02f * loss;
      if (step % 10 == 0 || step == steps) bar(step, steps, shown_, seconds());
    };
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  float shown_ = 0.0f;
};

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream file(path, std::ios::binary);
  if (!file) fail("cannot write ", path);
  file.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  std::printf("wrote %s (%zu bytes)\n", path.c_str(), bytes.size());
}

int train_vision_command(const Options& a) {
  train::VisionTrainOptions o = train::default_vision_options();
  apply(a, o);
  ProgressBar progress;
  const train::VisionTrainResult r = train::train_vision(o, progress.callback());
  std::printf("trained in %.1f s; held-out loss %.3f -> %.3f, accuracy %.1f%%\n",
              progress.seconds(), r.initial_loss, r.final_loss, 100.0 * r.accuracy);
  // Scores of the model as shipped: half precision, reloaded from the file's bytes.
  const LoadedEncoder shipped = load_encoder(save_encoder(*r.model, {}, Dtype::kF16));
  const auto heads = train::score_vision_heads(*shipped.model, train::held_out_images(o));
  std::printf("head scores of the saved (half-precision) model on held-out images:\n");
  std::printf("layer head  %-12s other-shape  shapes\n", "label");
  for (const train::VisionHeadScores& h : heads)
    std::printf("%5d %4d  %-12s %11.2f %7.2f\n", h.layer + 1, h.head + 1,
                h.label.empty() ? "none" : h.label.c_str(), h.other_shape, h.shapes);
  std::string classes;
  for (int c = 0; c < train::kShapeClasses; ++c)
    classes += (c ? "\n" : "") + std::string(train::shape_class_name(c));
  const std::map<std::string, std::string> meta{
      {kDescriptorKey, descriptor_json(find_family("vit-classifier").defaults())},
      {"task", "shape-pairs"},
      {"data", "64 x 64 images generated by cpp/train/shape_images.cpp (seeded)"},
      {"image_side", std::to_string(train::kImageSide)},
      {"patch_size", std::to_string(train::kShapePatch)},
      {"classes", classes},
      {"head_scores", head_evidence_json(train::vision_evidence(heads))},
      {"train_steps", std::to_string(o.steps)},
      {"seed", std::to_string(o.seed)},
      {"heldout_accuracy", std::to_string(r.accuracy)},
  };
  write_file(a.out, save_encoder(*r.model, meta, Dtype::kF16));
  return 0;
}

// The text options that shape the corpus and the objective, for the checkpoint's metadata.
std::string recipe(const train::TextTrainOptions& o) {
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "mask rate %.2f, weight decay %.3f, commas %.2f, up to %d sentences, separator %s, "
                "exclamations %.2f",
                o.mask_rate, o.weight_decay, o.corpus.comma_clauses, o.corpus.max_sentences,
                o.corpus.separator ? "[SEP]" : "none", o.corpus.exclamations);
  return buf;
}

int train_text_command(const Options& a) {
  train::TextTrainOptions o = train::default_text_options();
  apply(a, o);
  if (a.mask_rate >= 0) o.mask_rate = a.mask_rate;
  if (a.weight_decay >= 0) o.weight_decay = a.weight_decay;
  if (a.commas >= 0) o.corpus.comma_clauses = a.commas;
  if (a.sentences > 0) o.corpus.max_sentences = a.sentences;
  if (a.separator >= 0) o.corpus.separator = a.separator != 0;
  if (a.exclamations >= 0) o.corpus.exclamations = a.exclamations;
  ProgressBar progress;
  const train::TextTrainResult r = train::train_text(o, progress.callback());
  std::printf("trained in %.1f s; held-out masked-LM loss %.3f -> %.3f\n", progress.seconds(),
              r.initial_loss, r.final_loss);
  // Scores of the model as shipped: half precision, reloaded from the file's bytes.
  const LoadedEncoder shipped = load_encoder(save_encoder(*r.model, {}, Dtype::kF16));
  const auto heads = train::score_heads(*shipped.model, r.vocab, train::held_out_passages(o));
  std::printf("head scores of the saved (half-precision) model on held-out passages:\n");
  std::printf("layer head  %-24s previous  next  punct  subject  antecedent\n", "label");
  for (const train::HeadScores& h : heads)
    std::printf("%5d %4d  %-24s %8.2f %5.2f %6.2f %8.2f %11.2f\n", h.layer + 1, h.head + 1,
                train::role_name(h.label), h.score[0], h.score[1], h.score[2], h.score[3],
                h.score[4]);
  const std::map<std::string, std::string> meta{
      {kDescriptorKey, descriptor_json(find_family("masked-lm-encoder").defaults())},
      {"task", "masked-lm"},
      {"corpus", "English generated by cpp/train/text_corpus.cpp (seeded grammar)"},
      {"vocabulary", r.vocab.serialize()},
      {"input", "[CLS] tokens [SEP]"},
      {"head_scores", head_evidence_json(train::head_evidence(heads))},
      {"train_steps", std::to_string(o.steps)},
      {"seed", std::to_string(o.seed)},
      {"recipe", recipe(o)},
      {train::kCorpusStyleKey, train::style_to_string(o.corpus)},
      {"heldout_loss", std::to_string(r.final_loss)},
  };
  write_file(a.out, save_encoder(*r.model, meta, Dtype::kF16));
  return 0;
}

void print_figures(const char* when, const train::MaskedAccuracy& a) {
  std::printf(
      "%s: held-out loss %.4f (perplexity %.2f), top-1 %.2f%%, top-5 %.2f%% over %lld "
      "targets\n",
      when, a.loss, std::exp(a.loss), 100 * a.top1, 100 * a.top5, a.targets);
}

std::map<std::string, std::string> english_metadata(const train::EnglishTrainOptions& o,
                                                    const SubwordTokenizer& tokenizer, int steps) {
  return {
      {"task", o.objective == train::Objective::kMasked ? "masked-lm" : "causal-lm"},
      {"objective", train::objective_name(o.objective)},
      {"corpus", "real English built by scripts/corpus/build.mjs (see its README)"},
      {"tokenizer", tokenizer.serialise()},
      {"train_steps", std::to_string(steps)},
      {"batch", std::to_string(o.batch)},
      {"lr", std::to_string(o.lr)},
      {"seed", std::to_string(o.seed)},
      {"mask_rate", std::to_string(o.mask_rate)},
      {"positions_init", train::positions_name(o.positions)},
      {"positions_rms", std::to_string(train::position_rms(o))},
  };
}

int train_english_command(const Options& a) {
  train::Objective objective = train::Objective::kMasked;
  if (a.objective == "causal")
    objective = train::Objective::kCausal;
  else if (a.objective != "masked")
    fail("--objective '", a.objective, "' must be masked or causal");
  train::EnglishTrainOptions o = train::default_english_options(objective);
  apply(a, o);
  o.corpus_dir = a.corpus;
  if (a.vocab) o.vocab_size = a.vocab;
  if (a.kv_heads >= 0) o.model.num_kv_heads = a.kv_heads;
  if (a.mlp) o.model.mlp_hidden = a.mlp;
  if (a.warmup >= 0) o.warmup = a.warmup;
  if (a.mask_rate >= 0) o.mask_rate = a.mask_rate;
  if (!a.positions.empty()) o.positions = train::positions_from_name(a.positions);
  if (a.position_rms > 0) o.position_rms = a.position_rms;
  if (o.model.num_kv_heads > o.model.num_heads) o.model.num_kv_heads = o.model.num_heads;
  ProgressBar progress;
  // Every 500 steps, the weights so far: a run cut short still leaves a checkpoint.
  const auto save = [&](Encoder& model, const SubwordTokenizer& tokenizer, int step) {
    write_file(a.out, save_encoder(model, english_metadata(o, tokenizer, step), Dtype::kF16));
  };
  train::EnglishTrainResult r = train::train_english(o, progress.callback(), save);
  std::printf("trained in %.1f s (%d steps)\n", r.seconds, o.steps);
  print_figures("before", r.initial);
  print_figures("after", r.final);
  auto meta = english_metadata(o, r.tokenizer, o.steps);
  meta["train_seconds"] = std::to_string(int(r.seconds));
  meta["heldout_loss"] = std::to_string(r.final.loss);
  write_file(a.out, save_encoder(*r.model, meta, Dtype::kF16));
  return 0;
}

std::vector<std::string> read_lines(const std::string& path, std::size_t most = SIZE_MAX) {
  std::vector<std::string> lines;
  for (auto& d : train::read_documents(path))
    for (auto& l : d)
      if (lines.size() < most) lines.push_back(std::move(l));
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

// The smoothed bigram's perplexity, trained on the corpus's training half, on `lines`, each read
// as the decoder reads it: [BOS], then its pieces (as many as the context holds).
double bigram_perplexity(const Model& m, const std::string& corpus,
                         const std::vector<std::string>& lines) {
  const SubwordTokenizer tokenizer = SubwordTokenizer::parse(m.metadata().at("tokenizer"));
  const std::size_t most = std::size_t(m.config().max_len);
  const auto ids = [&](const std::vector<std::string>& text) {
    std::vector<std::vector<int>> out;
    for (const std::string& l : text) {
      std::vector<int> one{kSubwordBos};
      for (const SubwordPiece& p : tokenizer.encode(l))
        if (one.size() < most) one.push_back(p.id);
      out.push_back(std::move(one));
    }
    return out;
  };
  const train::BigramModel bigram(ids(read_lines(corpus + "/train.txt")), tokenizer.size());
  return bigram.perplexity(ids(lines));
}

void print_evidence(const std::vector<HeadEvidence>& heads) {
  for (const HeadEvidence& h : heads) {
    std::printf("%5d %4d  %-24s", h.layer + 1, h.head + 1,
                h.label.empty() ? "none" : h.label.c_str());
    for (std::size_t r = 0; r < h.score.size(); ++r)
      std::printf(" %s %.2f/%.2f;", h.score[r].first.c_str(), h.score[r].second,
                  h.chance[r].second);
    std::printf("\n");
  }
}

// headscope-train describe --out PATH [--corpus DIR]: a checkpoint `english` wrote gains its
// descriptor, held-out text for importance, every head's evidence and the held-out figures, all
// measured on tests/data/english/ (as the tests recompute them) through Model, as the page runs it.
int describe_command(const Options& a) {
  std::ifstream in(a.out, std::ios::binary);
  if (!in) fail("cannot read ", a.out);
  LoadedEncoder loaded =
      load_encoder(std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {}));
  const bool causal = loaded.model->config().causal;
  ModelDescriptor d = find_family(causal ? "causal-lm-decoder" : "masked-lm-encoder").defaults();
  d.tokenizer = TokenizerKind::kSubword;
  d.roles = text_head_roles(causal);
  auto meta = extra_metadata(loaded.metadata);
  meta[kDescriptorKey] = descriptor_json(d);
  const auto sample = read_lines("tests/data/english/heldout-sample.txt");
  meta["heldout_text"] = joined(read_lines("tests/data/english/heldout-sample.txt", 48));
  meta.erase("head_scores");
  const Model m = Model::from_bytes(save_encoder(*loaded.model, meta, Dtype::kF16));
  const auto heads = text_head_evidence(m, sample);
  print_evidence(heads);
  meta["head_scores"] = head_evidence_json(heads);
  const TextFigures f = text_figures(m, sample);
  std::printf("held-out sample: loss %.4f perplexity %.2f top-1 %.4f top-5 %.4f (%lld tokens)\n",
              f.loss, f.perplexity, f.top1, f.top5, f.scored);
  meta["sample_perplexity"] = fixed(f.perplexity);
  if (!causal) {
    meta["sample_top1"] = fixed(f.top1);
    meta["sample_top5"] = fixed(f.top5);
    // Sentences written for the tests, then WordNet's held-out example sentences.
    for (const char* name : {"everyday.txt", "wordnet-examples.txt"}) {
      const auto lines = read_lines(std::string("tests/data/english/") + name);
      const EverydayFigures e = everyday_figures(m, lines);
      std::printf("%s: %d masked words, top-1 %.4f top-5 %.4f, unknown %.4f of %d tokens\n", name,
                  e.masked, e.top1, e.top5, e.unknown, e.tokens);
    }
  } else if (!a.corpus.empty()) {
    const double bigram = bigram_perplexity(m, a.corpus, sample);
    std::printf("smoothed bigram perplexity on the sample: %.2f (decoder / bigram %.3f)\n", bigram,
                f.perplexity / bigram);
    meta["bigram_perplexity"] = fixed(bigram);
  }
  write_file(a.out, save_encoder(*loaded.model, meta, Dtype::kF16));
  return 0;
}

LoadedEncoder read_checkpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot read ", path);
  return load_encoder(std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {}));
}

// headscope-train rescore --out PATH: a grammar or shapes checkpoint's head evidence measured
// again by the current rule (train/head_scores.hpp, train/vision_model.hpp); the weights, read
// from and written back in half precision, do not change.
int rescore_command(const Options& a) {
  LoadedEncoder loaded = read_checkpoint(a.out);
  auto meta = extra_metadata(loaded.metadata);
  const ModelDescriptor d = descriptor_of(loaded.metadata, loaded.model->config());
  if (d.family == "vit-classifier") {
    train::VisionTrainOptions o = train::default_vision_options();
    o.seed = std::stoull(meta.at("seed"));
    const auto heads = train::score_vision_heads(*loaded.model, train::held_out_images(o));
    meta["head_scores"] = head_evidence_json(train::vision_evidence(heads));
  } else if (d.tokenizer == TokenizerKind::kWords) {
    const auto vocab = Vocabulary::parse(meta.at("vocabulary"));
    const auto o = train::text_options_of(meta);
    const auto heads = train::score_heads(*loaded.model, vocab, train::held_out_passages(o));
    meta["head_scores"] = head_evidence_json(train::head_evidence(heads));
  } else {
    fail("rescore takes a grammar or shapes checkpoint; describe measures the English ones");
  }
  for (const HeadEvidence& h :
       parse_head_evidence(meta["head_scores"], loaded.model->config().num_layers,
                           loaded.model->config().num_heads))
    std::printf("layer %d head %d: %s\n", h.layer + 1, h.head + 1,
                h.label.empty() ? "none" : h.label.c_str());
  write_file(a.out, save_encoder(*loaded.model, meta, Dtype::kF16));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 2 && std::strcmp(argv[1], "text") == 0)
      return train_text_command(parse(argc, argv));
    if (argc >= 2 && std::strcmp(argv[1], "english") == 0)
      return train_english_command(parse(argc, argv));
    if (argc >= 2 && std::strcmp(argv[1], "rescore") == 0)
      return rescore_command(parse(argc, argv));
    if (argc >= 2 && std::strcmp(argv[1], "describe") == 0)
      return describe_command(parse(argc, argv));
    if (argc >= 2 && std::strcmp(argv[1], "vision") == 0)
      return train_vision_command(parse(argc, argv));
    usage();
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "\nheadscope-train: " << e.what() << "\n";
    return 1;
  }
}
