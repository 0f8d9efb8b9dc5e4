// The input side of the raw module: text → tokens → vectors, image → patches → vectors. Each
// returns a JS-owned result, or null with the message left for takeError().
#pragma once

#include <emscripten/val.h>

#include <string>

namespace headscope::wasm {

using emscripten::val;

// { tokens: string[], total: number } for the first maxTokens tokens.
val tokenize_text(const std::string& text, const val& max_tokens);
// Float32Array [tokens.length, dModel].
val embed_token_list(const val& tokens, const val& d_model, const val& seed);
// { values: Float32Array [gridW*gridH, patchDim], gridW, gridH, patchDim }.
val patchify_image(const val& rgba, const val& width, const val& height, const val& patch_size);
// Float32Array [gridW*gridH, dModel].
val embed_patch_values(const val& values, const val& grid_w, const val& grid_h,
                       const val& patch_dim, const val& d_model, const val& seed);

}  // namespace headscope::wasm
