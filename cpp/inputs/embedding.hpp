// Inputs for the untrained views: fixed, seeded vectors for tokens and image patches, plus
// sinusoidal positions. They carry no learned meaning; they give the attention layer distinct,
// reproducible inputs (equal words get equal vectors, positions differ).
//
//   tokens ──key──► hash ⊕ seed ──► N(0, 1)^d ─┐
//                                               ├─► x [t, d_model]
//   position p ──► sin/cos(p / 10000^(2i/d)) ──┘
//
//   patches [n, patch_dim] ──► · P[patch_dim, d_model] (seeded, Xavier) + 2-D positions ──► x
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace headscope {

// Adds PE(p, 2i) = sin(p / 10000^(2i/d)), PE(p, 2i+1) = cos(...) to x [t, d_model].
void add_sinusoidal_positions(std::span<float> x, int t, int d_model, int first_position = 0);

// x [tokens.size(), d_model]: each token's seeded vector (by token_key) plus its position.
// Throws Error if d_model is out of range or there are no tokens.
std::vector<float> embed_tokens(const std::vector<std::string>& tokens, int d_model,
                                std::uint64_t seed);

// x [grid_w * grid_h, d_model] from patches [n, patch_dim] in row-major grid order: a seeded
// projection, then row positions in the first half of the dims and column positions in the second.
std::vector<float> embed_patches(std::span<const float> patches, int grid_w, int grid_h,
                                 int patch_dim, int d_model, std::uint64_t seed);

}  // namespace headscope
