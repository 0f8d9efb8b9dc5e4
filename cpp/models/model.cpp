#include "models/model.hpp"

#include "base/error.hpp"
#include "base/lines.hpp"
#include "inputs/patches.hpp"
#include "inputs/resize.hpp"
#include "inputs/tokenizer.hpp"
#include "io/checkpoint.hpp"
#include "kernels/kernels.hpp"

namespace headscope {

namespace {

// "[", "mask", "]" typed in a row → one [MASK] token, so a learner can ask for the model's guess.
std::vector<std::string> merge_masks(std::vector<std::string> tokens) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i + 2 < tokens.size() && tokens[i] == "[" && token_key(tokens[i + 1]) == "mask" &&
        tokens[i + 2] == "]") {
      out.push_back(Vocabulary::kSpecial[Vocabulary::kMask]);
      i += 2;
    } else {
      out.push_back(std::move(tokens[i]));
    }
  }
  return out;
}

}  // namespace

Model Model::from_bytes(std::vector<std::uint8_t> bytes) {
  LoadedEncoder loaded = load_encoder(std::move(bytes));
  Model m;
  m.metadata_ = std::move(loaded.metadata);
  const EncoderConfig& c = loaded.model->config();
  if (c.vocab > 0) {
    m.vocab_ = std::make_shared<const Vocabulary>(
        Vocabulary::parse(metadata_value(m.metadata_, "vocabulary")));
    if (m.vocab_->size() != c.vocab)
      fail("checkpoint vocabulary has ", m.vocab_->size(), " words, but vocab is ", c.vocab);
    if (c.max_len < 3) fail("text model max_len ", c.max_len, " leaves no room for a word");
  } else {
    // Sides and patches every run can resize to (4096 x 4096 = kMaxResizePixels) and patchify.
    m.image_side_ = metadata_int(m.metadata_, "image_side", 1, kMaxResizeSide);
    m.patch_size_ = metadata_int(m.metadata_, "patch_size", 1, kMaxPatchSize);
    m.classes_ = split_lines(metadata_value(m.metadata_, "classes"));
    const int grid = m.image_side_ / m.patch_size_;
    if (grid < 1 || grid * m.patch_size_ != m.image_side_)
      fail("checkpoint image_side ", m.image_side_, " is not a multiple of patch_size ",
           m.patch_size_);
    if (grid * grid > c.max_len)
      fail("checkpoint images give ", grid * grid, " patches, more than max_len ", c.max_len);
    if (m.patch_size_ * m.patch_size_ * 3 != c.patch_dim)
      fail("checkpoint patch_size ", m.patch_size_, " gives patches of ",
           m.patch_size_ * m.patch_size_ * 3, " values, but patch_dim is ", c.patch_dim);
    if (int(m.classes_.size()) != c.num_classes)
      fail("checkpoint classes names ", m.classes_.size(), " classes, but num_classes is ",
           c.num_classes);
  }
  m.encoder_ = std::move(loaded.model);
  return m;
}

Model Model::untrained(std::uint64_t seed) const {
  Model m = *this;
  m.encoder_ = std::make_shared<Encoder>(config(), seed);
  // What was measured on the trained weights is not true of these.
  for (const char* key : {"head_scores", "heldout_loss", "heldout_accuracy", "train_steps"})
    m.metadata_.erase(key);
  m.metadata_["weights"] = "random, seed " + std::to_string(seed);
  return m;
}

const Vocabulary& Model::vocabulary() const {
  if (!vocab_) fail("this is a vision model; it has no vocabulary");
  return *vocab_;
}

void Model::run_text(std::string_view text, std::span<const float> gates, ModelRun& run) const {
  if (!is_text()) fail("this is a vision model; give it an image, not text");
  // Two extra tokens per [MASK] may be merged, so cut after merging.
  const int room = config().max_len - 2;
  Tokenized t = tokenize(text, 3 * room);
  const int read = int(t.tokens.size());
  std::vector<std::string> words = merge_masks(std::move(t.tokens));
  if (words.empty()) fail("there is no text to attend over; type a sentence");
  run.total = t.total - (read - int(words.size()));  // a merged [MASK] counts as one token
  if (int(words.size()) > room) words.resize(room);
  run.tokens = Vocabulary::frame(words);
  run.patches.clear();
  run.pixels.clear();
  run.grid_w = run.grid_h = 0;
  encoder_->forward_ids(vocab_->encode(run.tokens), gates, run.trace);
  finish(run);
}

void Model::run_image(std::span<const std::uint8_t> rgba, int width, int height,
                      std::span<const float> gates, ModelRun& run) const {
  if (is_text()) fail("this is a text model; give it text, not an image");
  run.pixels = resize_rgba(rgba, width, height, image_side_, image_side_);
  Patches p = patchify(run.pixels, image_side_, image_side_, patch_size_);
  run.tokens.clear();
  run.total = 0;
  run.grid_w = p.grid_w;
  run.grid_h = p.grid_h;
  run.patches = std::move(p.values);
  encoder_->forward_patches(run.patches, run.grid_w * run.grid_h, gates, run.trace);
  finish(run);
}

void Model::finish(ModelRun& run) const {
  run.probabilities = run.trace.logits;
  const int n = encoder_->output_size();
  const auto& k = kernels::simd();
  for (std::size_t row = 0; row + n <= run.probabilities.size(); row += n)
    if (k.softmax(&run.probabilities[row], n) != kernels::RowStatus::kOk)
      fail("the model's output is not finite; its weights may hold NaN or infinity");
}

}  // namespace headscope
