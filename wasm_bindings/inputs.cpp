#include "inputs.hpp"

#include "convert.hpp"
#include "guard.hpp"
#include "inputs/embedding.hpp"
#include "inputs/patches.hpp"
#include "inputs/tokenizer.hpp"

namespace headscope::wasm {

val tokenize_text(const std::string& text, const val& max_tokens) {
  return guarded_value(
      [&] {
        const Tokenized t = tokenize(text, read_int_arg(max_tokens, "maxTokens"));
        val tokens = val::array();
        for (const std::string& s : t.tokens) tokens.call<void>("push", s);
        val out = val::object();
        out.set("tokens", tokens);
        out.set("total", t.total);
        return out;
      },
      val::null());
}

val embed_token_list(const val& tokens, const val& d_model, const val& seed) {
  return guarded_value(
      [&] {
        return copy_out(embed_tokens(read_strings(tokens, "tokens"),
                                     read_int_arg(d_model, "dModel"), read_seed(seed, "seed")));
      },
      val::null());
}

val patchify_image(const val& rgba, const val& width, const val& height, const val& patch_size) {
  return guarded_value(
      [&] {
        const Patches p =
            patchify(read_bytes(rgba, "rgba"), read_int_arg(width, "image.width"),
                     read_int_arg(height, "image.height"), read_int_arg(patch_size, "patchSize"));
        val out = val::object();
        out.set("values", copy_out(p.values));
        out.set("gridW", p.grid_w);
        out.set("gridH", p.grid_h);
        out.set("patchDim", p.patch_dim);
        return out;
      },
      val::null());
}

val embed_patch_values(const val& values, const val& grid_w, const val& grid_h,
                       const val& patch_dim, const val& d_model, const val& seed) {
  return guarded_value(
      [&] {
        return copy_out(embed_patches(read_floats(values, "values"), read_int_arg(grid_w, "gridW"),
                                      read_int_arg(grid_h, "gridH"),
                                      read_int_arg(patch_dim, "patchDim"),
                                      read_int_arg(d_model, "dModel"), read_seed(seed, "seed")));
      },
      val::null());
}

}  // namespace headscope::wasm
