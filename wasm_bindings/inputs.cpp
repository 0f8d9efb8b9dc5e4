#include "inputs.hpp"

#include "convert.hpp"
#include "guard.hpp"
#include "inputs/embedding.hpp"
#include "inputs/patches.hpp"
#include "inputs/tokenizer.hpp"

namespace headscope::wasm {

val tokenize_text(const std::string& text, int max_tokens) {
  return guarded_value(
      [&] {
        const Tokenized t = tokenize(text, max_tokens);
        val tokens = val::array();
        for (const std::string& s : t.tokens) tokens.call<void>("push", s);
        val out = val::object();
        out.set("tokens", tokens);
        out.set("total", t.total);
        return out;
      },
      val::null());
}

val embed_token_list(const val& tokens, int d_model, const val& seed) {
  return guarded_value(
      [&] {
        return copy_out(
            embed_tokens(read_strings(tokens, "tokens"), d_model, read_seed(seed, "seed")));
      },
      val::null());
}

val patchify_image(const val& rgba, int width, int height, int patch_size) {
  return guarded_value(
      [&] {
        const Patches p = patchify(read_bytes(rgba, "rgba"), width, height, patch_size);
        val out = val::object();
        out.set("values", copy_out(p.values));
        out.set("gridW", p.grid_w);
        out.set("gridH", p.grid_h);
        out.set("patchDim", p.patch_dim);
        return out;
      },
      val::null());
}

val embed_patch_values(const val& values, int grid_w, int grid_h, int patch_dim, int d_model,
                       const val& seed) {
  return guarded_value(
      [&] {
        return copy_out(embed_patches(read_floats(values, "values"), grid_w, grid_h, patch_dim,
                                      d_model, read_seed(seed, "seed")));
      },
      val::null());
}

}  // namespace headscope::wasm
