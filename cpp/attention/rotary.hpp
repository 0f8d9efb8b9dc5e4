// Rotary position embedding (RoPE; Su et al. 2021): instead of adding a position to x, each
// query and key is rotated by an angle proportional to its position, so q_i · k_j depends on the
// offset i - j and not on where the pair sits. A head can then find "the token before me" from
// its biases alone, whatever the words are.
//
//   head vector [hd], pairs (2m, 2m+1), m < hd/2:
//     θ_m = base^(-2m / hd)           (m = 0 turns fastest: one radian per position)
//     (x_2m, x_2m+1) at position p ──rotate by p·θ_m──► (x_2m cos − x_2m+1 sin,
//                                                        x_2m sin + x_2m+1 cos)
//   q_i · k_j after rotation = Σ_m |q_m||k_m| cos(φ_q − φ_k + (i − j)·θ_m)
//
// The backward pass rotates gradients by −p·θ_m (a rotation's inverse is its transpose).
#pragma once

namespace headscope {

// Rotates `rows` rows of x in place, row r at position first_position + r; each row holds
// `heads` head vectors of head_dim values side by side, rows row_stride values apart.
// inverse: rotate by the opposite angle. head_dim must be even, base > 1 (config.cpp checks).
void rotate_positions(float* x, int rows, int row_stride, int heads, int head_dim, int base,
                      int first_position, bool inverse = false);

}  // namespace headscope
