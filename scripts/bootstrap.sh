#!/usr/bin/env bash
# Brings a Debian bookworm machine to headscope's toolchain. Idempotent: when everything is
# present it only checks, in well under a second (plus an npm install when package-lock.json
# changed).
#
#   Debian packages: cmake, g++, make, googletest, clang-format, emscripten (3.1.6), chromium,
#     nlohmann-json3-dev, clang-14 and libclang-rt-14-dev (libFuzzer, for scripts/fuzz.sh),
#     libbenchmark-dev (Google Benchmark, for the native side of npm run bench)
#   xsimd >= 11.2 headers: from a system install if one is new enough, otherwise Debian trixie's
#     header-only libxsimd-dev and its dependency xtl-dev, fetched through a private apt config
#     under .cache/ (the system's own sources are never touched) and unpacked into
#     third_party/xsimd (git-ignored)
#   npm packages: installed from package-lock.json when node_modules is missing or older than it
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf 'bootstrap: %s\n' "$*"; }

# --- Debian packages ---------------------------------------------------------------------------
# clang-14 compiles the fuzz targets; libclang-rt-14-dev holds libFuzzer and clang's sanitizer
# runtimes (only a Recommends of clang-14, so named here). g++'s ASan/UBSan runtimes come with g++.
apt_packages=(cmake g++ make googletest clang-format emscripten chromium nlohmann-json3-dev
              clang-14 libclang-rt-14-dev libbenchmark-dev)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    say "missing Debian packages: ${missing[*]}"
    say "run as root:  $cmd"
    exit 1
  fi
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- xsimd >= 11.2 -------------------------------------------------------------------------------
xsimd_version() { # prints MAJOR.MINOR of the xsimd headers under $1, or nothing
  local f="$1/xsimd/config/xsimd_config.hpp"
  [[ -f $f ]] || return 0
  awk '/define XSIMD_VERSION_MAJOR/{M=$3} /define XSIMD_VERSION_MINOR/{m=$3} END{if(M!="")print M"."m}' "$f"
}
new_enough() { # $1 = MAJOR.MINOR
  [[ -n $1 ]] && awk -v v="$1" 'BEGIN{split(v,a,"."); exit !((a[1]>11)||(a[1]==11&&a[2]>=2))}'
}
local_xsimd="$root/third_party/xsimd/usr"
if new_enough "$(xsimd_version "$local_xsimd/include")"; then
  :
elif new_enough "$(xsimd_version /usr/include)"; then
  : # a system xsimd is new enough; CMake's find_package will find it
else
  say "fetching xsimd headers (Debian trixie libxsimd-dev, xtl-dev) into third_party/xsimd"
  # The mirror is the one this machine already uses for Debian, read from its own apt sources.
  mirror=$( (grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}';
             grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
               sed -E 's/\[[^]]*\] //' | awk '{print $2}') | grep -v -- '-security' | grep -m1 '/debian/\?$' || true)
  if [[ -z $mirror ]]; then
    say "no Debian mirror found in /etc/apt sources; install xsimd >= 11.2 headers and point CMAKE_PREFIX_PATH at them"
    exit 1
  fi
  apt_dir="$root/.cache/apt-trixie"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/deb"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} trixie main" > "$apt_dir/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
            -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir" -o "Dir::Cache::archives=$apt_dir/archives"
            -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$apt_dir/deb" && rm -f ./*.deb && apt-get "${apt_opts[@]}" download libxsimd-dev xtl-dev)
  rm -rf "$root/third_party/xsimd" && mkdir -p "$root/third_party/xsimd"
  for deb in "$apt_dir"/deb/*.deb; do dpkg -x "$deb" "$root/third_party/xsimd"; done
  v="$(xsimd_version "$local_xsimd/include")"
  new_enough "$v" || { say "unpacked xsimd is $v, need >= 11.2"; exit 1; }
  say "xsimd $v ready"
fi

# --- npm packages --------------------------------------------------------------------------------
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages"
  # Not `npm ci`: its strict check wants every platform's optional packages (esbuild, rollup)
  # in the lock file, and a registry that serves only this platform's cannot supply them.
  # `--no-save` installs exactly the locked versions without rewriting the lock.
  npm install --no-save --no-fund --no-audit --loglevel=error
fi
