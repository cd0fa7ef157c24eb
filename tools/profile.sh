#!/usr/bin/env bash
# Size profile of the release wasm: which crates the bytes belong to (twiggy, on a wasm-opt -Oz
# build that keeps names). Prints the crates by share of the optimised size, then the biggest items.
# Usage: tools/profile.sh [N]   (N: how many single items to list, default 40)
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(tools/setup.sh --print-path)"
command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked
out=target/profile
mkdir -p "$out"
# Built as tools/release.sh builds it (std rebuilt for size).
(source tools/release-env.sh && cargo build -q --release --target wasm32-unknown-unknown --lib --bin sign-in-with-openrouter)
# Split as the release step (src/bin/release_step) does: the main module (first load) and the
# on-demand chunks.
rm -rf "$out/split" && wasm-split-cli --out-name main \
  target/wasm32-unknown-unknown/release/sign-in-with-openrouter.wasm "$out/split"
wasm-bindgen --target web --keep-debug --keep-lld-exports --out-dir "$out" "$out/split/main.wasm"
opt() {
  wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$2"
}
opt "$out/main_bg.wasm" "$out/named.wasm"
modules=named
for chunk in "$out"/split/*.wasm; do
  name=$(basename "$chunk" .wasm)
  [ "$name" = main ] && continue
  opt "$chunk" "$out/named_$name.wasm"
  modules="$modules named_$name"
done
for module in $modules; do
if ! twiggy top -n 100000 -f csv "$out/$module.wasm" > "$out/top.csv" 2>/dev/null; then
  echo "== $module.wasm: no code of its own (data only)"; continue
fi
echo "== $module.wasm"
python3 - "$out/top.csv" "${1:-40}" <<'PY'
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1])))
total = sum(int(r["ShallowSize"]) for r in rows)
def crate(name):
    if name.startswith("data[") : return "(data segments)"
    if name.startswith(("code[", "elem[", "type[", "import ", "export ", "table[", "global[", "memory[")) or name in ("wasm magic bytes",): return "(wasm structure)"
    n = re.sub(r"\[[0-9a-f]+\]", "", name)  # v0 symbol names carry a crate hash
    n = re.sub(r"^<+", "", n)
    n = re.sub(r"^(impl|fn)\s+", "", n)
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", n)
    return m.group(1) if m else "(other: %s)" % name[:30]
by = {}
for r in rows:
    c = crate(r["Name"]); by[c] = by.get(c, 0) + int(r["ShallowSize"])
print(f"total {total} bytes (wasm-opt -Oz with names)")
for c, s in sorted(by.items(), key=lambda x: -x[1])[:30]:
    print(f"{s:8d} {100*s/total:5.1f}%  {c}")
print()
for r in rows[: int(sys.argv[2])]:
    print(f'{int(r["ShallowSize"]):8d}  {r["Name"][:150]}')
PY
done
