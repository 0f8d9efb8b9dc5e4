# Sourced by the build scripts: the environment Debian's emscripten needs.
# em++ runs JS tools with the machine's node, which must find Debian's `acorn` module.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# Parallel build jobs: every core.
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
