// The ViT classifier family: an RGBA image resized to image_side² by area averaging, cut into
// patch_size² patches, and classified (one distribution over the classes per image).
//
//   RGBA [h, w] ──resize to side × side──► patchify (patch_size) ──encoder──► [1, classes]
//
// Metadata it reads: "image_side", "patch_size" and "classes" (one name per line).
#pragma once

#include "models/family.hpp"

namespace headscope::vit {

FamilyEntry family();

}  // namespace headscope::vit
