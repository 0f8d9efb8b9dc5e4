// The one table of model families. A new family adds its entry here.
#include <array>

#include "base/error.hpp"
#include "models/causal_lm/causal_lm.hpp"
#include "models/family.hpp"
#include "models/masked_lm/masked_lm.hpp"
#include "models/vit/vit.hpp"

namespace headscope {

std::span<const FamilyEntry> families() {
  static const std::array<FamilyEntry, 3> table{masked_lm::family(), causal_lm::family(),
                                                vit::family()};
  return table;
}

const FamilyEntry& find_family(std::string_view name) {
  std::string known;
  for (const FamilyEntry& f : families()) {
    if (name == f.name) return f;
    known += (known.empty() ? "" : ", ") + std::string(f.name);
  }
  fail("checkpoint model family '", name.substr(0, 40), "' is not one of ", known);
}

ModelDescriptor descriptor_of(const Metadata& metadata, const EncoderConfig& config) {
  const auto it = metadata.find(kDescriptorKey);
  if (it != metadata.end()) return parse_descriptor(it->second);
  for (const FamilyEntry& f : families())
    if (f.predates_descriptors(config)) return f.defaults();
  fail("checkpoint has no model descriptor, and its config fits no family written without one");
}

void ModelFamily::run_text(const Encoder&, std::string_view, std::span<const float>,
                           ModelRun&) const {
  refuse(InputKind::kText);
}

void ModelFamily::run_image(const Encoder&, std::span<const std::uint8_t>, int, int,
                            std::span<const float>, ModelRun&) const {
  refuse(InputKind::kImage);
}

void ModelFamily::refuse(InputKind given) const {
  const auto one = [](InputKind k) { return k == InputKind::kText ? "text" : "an image"; };
  const bool text = descriptor_.input == InputKind::kText;
  fail("this ", descriptor_.family, " model reads ", text ? "text" : "images", "; give it ",
       one(descriptor_.input), ", not ", one(given));
}

}  // namespace headscope
