#include "models/text_family.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "base/lines.hpp"

namespace headscope {

TextFamily::TextFamily(const ModelDescriptor& d, const EncoderConfig& c, const Metadata& meta)
    : ModelFamily(d), reader_(make_text_reader(d, meta, c.vocab)), max_len_(c.max_len) {
  if (d.input != InputKind::kText) fail("checkpoint model ", d.family, " must read text");
  if (c.max_len < d.framing_size() + 1)
    fail("text model max_len ", c.max_len, " leaves no room for a word");
  for (const auto& [job, token] : d.special)
    first_word_ = std::max(first_word_, reader_->id_of(token) + 1);
}

void TextFamily::run_text(const Encoder& encoder, std::string_view text,
                          std::span<const float> gates, ModelRun& run) const {
  const ModelDescriptor& d = descriptor();
  ReadText r = reader_->read(text, max_len_ - d.framing_size());
  if (r.tokens.empty()) fail("there is no text to attend over; type a sentence");
  run.total = r.total;
  run.tokens = d.frame_before;
  run.tokens.insert(run.tokens.end(), r.tokens.begin(), r.tokens.end());
  run.tokens.insert(run.tokens.end(), d.frame_after.begin(), d.frame_after.end());
  run.patches.clear();
  run.pixels.clear();
  run.grid_w = run.grid_h = 0;
  run.ids = frame(r.ids);
  encoder.forward_ids(run.ids, gates, run.trace);
}

std::vector<int> TextFamily::frame(const std::vector<int>& ids) const {
  std::vector<int> out;
  for (const std::string& t : descriptor().frame_before) out.push_back(reader_->id_of(t));
  out.insert(out.end(), ids.begin(), ids.end());
  for (const std::string& t : descriptor().frame_after) out.push_back(reader_->id_of(t));
  return out;
}

std::vector<std::vector<int>> TextFamily::held_out_texts(const Metadata& meta, int count) const {
  std::vector<std::vector<int>> out;
  const auto it = meta.find("heldout_text");
  if (it == meta.end()) return out;
  for (const std::string& line : split_lines(it->second)) {
    if (int(out.size()) >= count) break;
    ReadText r = reader_->read(line, max_len_ - descriptor().framing_size());
    if (!r.ids.empty()) out.push_back(frame(r.ids));
  }
  return out;
}

}  // namespace headscope
