// What each head of one attention layer does on the current input, and how alike the heads are.
// The page's "Heads" panels draw these numbers; none is re-computed in JS.
//
//   attention [heads, t_q, t_k] ──per row, averaged over queries──► HeadStats per head
//                                 ──row-wise Jensen-Shannon, averaged──► js_distance [heads, heads]
//   contributions [heads, t_q, d] ──flattened, cosine──► contribution_similarity [heads, heads]
//   js_distance ──average-linkage clustering──► cluster_order (a permutation of the heads)
#pragma once

#include <vector>

#include "attention/attention.hpp"

namespace headscope {

// One head's attention, averaged over its query rows.
struct HeadStats {
  // Entropy of a row over the keys it may attend to, divided by the log of their count: 0 when a
  // row puts everything on one key, 1 when it spreads evenly. A row with one allowed key counts 0.
  float entropy = 0;
  // Σ_j a_ij · dist(i, j): in tokens, or in patches (Euclidean on the grid) when grid_w > 0.
  float distance = 0;
  float self = 0;      // a_ii (self-attention only: t_q == t_k)
  float previous = 0;  // a_i,i-1, averaged over the queries that have one
  float first = 0;     // a_i0: the first token ([CLS] in a text model)
};

// [heads]. Keys a row may attend to are those whose logit is finite (masks set -inf). grid_w > 0
// measures distance on a grid of patches grid_w wide (row-major), else along the sequence.
std::vector<HeadStats> head_stats(const AttentionResult& r, int num_heads, int grid_w = 0);

// [heads, heads], symmetric, zero diagonal: the mean over query rows of the Jensen-Shannon
// distance (the square root of the divergence, base 2, so in [0, 1]) between two heads' rows.
std::vector<float> js_distance(const AttentionResult& r, int num_heads);

// [heads, heads]: cosine similarity of two heads' output contributions ([t_q, d_model] each,
// flattened). A head whose contribution is all zero (gated off) has similarity 0 to every head,
// itself included.
std::vector<float> contribution_similarity(const AttentionResult& r, int num_heads, int d_model);

// The heads in the leaf order of an average-linkage clustering of `distance` ([n, n]), so that
// similar heads sit together; ties merge the lowest-numbered clusters first.
std::vector<int> cluster_order(const std::vector<float>& distance, int n);

}  // namespace headscope
