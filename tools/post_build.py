"""Trunk post_build hook (see Trunk.toml).

1. Fills the Content-Security-Policy of index.html: the sha256 of every inline <script> (trunk's
   wasm loader and the theme script), and the OpenRouter origin the app is built for
   (OPENROUTER_ORIGIN, default https://openrouter.ai; the same variable src/config.rs reads),
   and for style-src the sha256 of the stylesheets the app puts into <head> as <style> elements:
   the SignInButton's (src/components/sign_in_button.css) and the chat page's, which comes with
   the chat's chunk (src/demo/pages/chat/chat.css).
2. Splits the chat page and the callback into wasm chunks of their own (issue 5; the split
   points are `chat_page` and `callback_page` in src/demo/app.rs; code both use becomes a third
   chunk): runs `wasm-split-cli` (installed by tools/setup.sh) on the wasm cargo built, then
   wasm-bindgen on the main module and, in release builds, wasm-opt on every module, and puts
   them in place of trunk's. The chunks and their loader get content-hashed names, like trunk's files, so
   a cached loader never meets a newer chunk. The loader is preloaded beside the glue that
   imports it. The integrity hashes in index.html are updated.
   In release builds the names on the wasm/JS boundary are shortened too (`shorten_boundary_names`):
   wasm-bindgen's import names carry a 16-digit hash each (`__wbg_setTextContent_8e2c…`) and
   appear twice, in the wasm and in the glue, where no minifier may touch them: -5 KB gzip.
3. In release builds, minifies wasm-bindgen's JS glue with esbuild (npm, installed by
   tools/setup.sh; trunk's own JS minifier fails on it) and updates its integrity hash: -2 KB gzip.
4. Writes 404.html, a copy of index.html: GitHub Pages serves it for any unknown path, so a deep
   link or a reload on /callback boots the app.
"""
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("post_build.py: TRUNK_STAGING_DIR is not set (run it from trunk)")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()

origin = os.environ.get("OPENROUTER_ORIGIN", "https://openrouter.ai").rstrip("/")
if not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d+)?", origin):
    sys.exit(f"post_build.py: OPENROUTER_ORIGIN must be an origin like https://openrouter.ai, not {origin!r}")

inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
def csp_hash(data):
    """A CSP source that allows exactly `data` (bytes) by its sha256."""
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(data).digest()).decode()


hashes = " ".join(csp_hash(body.encode("utf-8")) for body in inline)
# The stylesheets the app puts into <head> as <style> elements: the button's and the chat page's.
top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sheets = [os.path.join(top, "src", "components", "sign_in_button.css"),
          os.path.join(top, "src", "demo", "pages", "chat", "chat.css")]
style_hash = " ".join(csp_hash(open(sheet, "rb").read()) for sheet in sheets)
for placeholder in ("__INLINE_SCRIPT_HASHES__", "__OPENROUTER_ORIGIN__", "__STYLE_HASHES__"):
    if placeholder not in html:
        sys.exit(f"post_build.py: {placeholder} missing from index.html")
html = (html.replace("__INLINE_SCRIPT_HASHES__", hashes).replace("__OPENROUTER_ORIGIN__", origin)
        .replace("__STYLE_HASHES__", style_hash))

def sri(file):
    return "sha384-" + base64.b64encode(hashlib.sha384(open(file, "rb").read()).digest()).decode()


def set_integrity(html, name, file):
    """The integrity attribute of the links to `name` in index.html, for the new content of `file`."""
    updated = 0
    def update(tag):
        nonlocal updated
        tag = tag.group(0)
        if name not in tag or "integrity" not in tag:
            return tag
        updated += 1
        return re.sub(r"sha384-[A-Za-z0-9+/=]+", sri(file), tag)
    html = re.sub(r"<link\b[^>]*>", update, html)
    if updated == 0 and "integrity" in html:
        sys.exit(f"post_build.py: could not update the integrity of {name}")
    return html


def short_hash(data):
    return hashlib.sha256(data).hexdigest()[:16]


def leb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_leb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def short_names():
    """a, b, …, Z, aa, ab, …: valid JS property names, shortest first."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for first in letters:
        yield first
    for first in letters:
        for second in letters:
            yield first + second


def rename_in_wasm(wasm, rename_import, rename_export):
    """The wasm with its import module/field names and export names passed through the two
    functions (each returns the new name, or the old one to keep it)."""
    def name(data, at):
        length, at = read_leb(data, at)
        return data[at:at + length].decode(), at + length

    def encode(text):
        raw = text.encode()
        return leb(len(raw)) + raw

    def limits(data, at):
        flags = data[at]
        _, at = read_leb(data, at + 1)
        if flags & 1:
            _, at = read_leb(data, at)
        return at

    out = bytearray(wasm[:8])
    at = 8
    while at < len(wasm):
        section = wasm[at]
        size, body = read_leb(wasm, at + 1)
        end = body + size
        if section in (2, 7):
            count, pos = read_leb(wasm, body)
            new = bytearray(leb(count))
            for _ in range(count):
                if section == 2:
                    module, pos = name(wasm, pos)
                    field, pos = name(wasm, pos)
                    kind, start = wasm[pos], pos
                    pos += 1
                    if kind == 0:                       # function: type index
                        _, pos = read_leb(wasm, pos)
                    elif kind == 1:                     # table: reference type, limits
                        pos = limits(wasm, pos + 1)
                    elif kind == 2:                     # memory: limits
                        pos = limits(wasm, pos)
                    elif kind == 3:                     # global: value type, mutability
                        pos += 2
                    else:
                        sys.exit(f"post_build.py: import kind {kind} of {field} is not known")
                    new_module, new_field = rename_import(module, field)
                    new += encode(new_module) + encode(new_field) + wasm[start:pos]
                else:
                    export, pos = name(wasm, pos)
                    start = pos
                    _, pos = read_leb(wasm, pos + 1)
                    new += encode(rename_export(export)) + wasm[start:pos]
            if pos != end:
                sys.exit(f"post_build.py: section {section} was not read to its end")
            out += bytes([section]) + leb(len(new)) + new
        else:
            out += wasm[at:end]
        at = end
    return bytes(out)


def shorten_boundary_names(wasm_file, glue, glue_module):
    """Step 2, release builds: gives every function the wasm imports from wasm-bindgen's glue
    (module `glue_module`) and every wasm-bindgen export the glue calls a short name, in the wasm
    file and in the glue's text, which is returned. Exports other modules read by name (memory,
    the function table, the split's globals, main) keep theirs. Every renamed name is a unique
    token (a hash, or wasm-bindgen's own prefix), so replacing it in the glue's text is exact;
    a name the glue does not contain stops the build."""
    imports, exports, names = {}, {}, short_names()

    def rename_import(module, field):
        if module != glue_module:
            return module, field
        imports.setdefault(field, next(names))
        return "a", imports[field]

    # wasm-bindgen's closure shims are named after their Rust path: `wasm_bindgen__convert__…`
    # with legacy symbol names, `wasm_bindgen_<crate hash>___convert__…` with v0 ones (which a
    # build with RUSTC_BOOTSTRAP=1, tools/release-env.sh, gets by default).
    closure_shim = re.compile(r"wasm_bindgen(_[0-9a-f]+_)?__convert__closures")

    def rename_export(export):
        if export.startswith(("__wbindgen_", "__externref_")) or closure_shim.match(export):
            exports.setdefault(export, next(names))
            return exports[export]
        return export

    wasm = rename_in_wasm(open(wasm_file, "rb").read(), rename_import, rename_export)
    quoted_module = json.dumps(glue_module)
    if glue.count(quoted_module) != 1:
        sys.exit(f"post_build.py: the glue should name its module {quoted_module} once")
    glue = glue.replace(quoted_module, '"a"')
    for old, new in list(imports.items()) + list(exports.items()):
        glue, n = re.subn(r"(?<![\w$])" + re.escape(old) + r"(?![\w$])", new, glue)
        if n == 0:
            sys.exit(f"post_build.py: the glue does not name {old}")
    if re.search(r"__wbg_\w+_[0-9a-f]{16}\b", glue):
        sys.exit("post_build.py: the glue names an import that the wasm does not have")
    open(wasm_file, "wb").write(wasm)
    return glue


def split_wasm(html):
    """Step 2. Returns index.html with the new integrity hashes, and the names of the chunks."""
    release = os.environ.get("TRUNK_PROFILE") == "release"
    bg = [n for n in os.listdir(staging) if n.endswith("_bg.wasm")]
    if len(bg) != 1:
        sys.exit(f"post_build.py: expected one *_bg.wasm in the staging dir, found {bg}")
    stem = bg[0][: -len("_bg.wasm")]
    metadata = json.loads(subprocess.run(["cargo", "metadata", "--format-version=1", "--no-deps", "--offline"],
                                         check=True, capture_output=True, text=True).stdout)
    built = os.path.join(metadata["target_directory"], "wasm32-unknown-unknown",
                         "release" if release else "debug", "sign-in-with-openrouter.wasm")
    work = tempfile.mkdtemp(prefix="wasm-split-")
    try:
        subprocess.run(["wasm-split-cli", "--out-name", stem, built, work], check=True)
        subprocess.run(["wasm-bindgen", "--target=web", "--no-typescript", "--keep-lld-exports", "--out-dir=" + work,
                        "--out-name=" + stem, os.path.join(work, stem + ".wasm")], check=True)
        os.remove(os.path.join(work, stem + ".wasm"))
        chunks = [n for n in os.listdir(work) if n.endswith(".wasm") and n != stem + "_bg.wasm"]
        if release:
            for name in chunks + [stem + "_bg.wasm"]:
                file = os.path.join(work, name)
                # The features rustc enables for wasm32 by default. Trunk runs no wasm-opt (index.html).
                subprocess.run(["wasm-opt", "-Oz", "--converge", "--enable-bulk-memory",
                                "--enable-nontrapping-float-to-int", "--enable-sign-ext",
                                "--enable-mutable-globals", "--enable-reference-types",
                                "--enable-multivalue", file, "-o", file], check=True)
        loader = open(os.path.join(work, "__wasm_split.js"), encoding="utf-8").read()
        hashed_chunks = []
        for name in chunks:
            hashed = f"{name[:-5]}-{short_hash(open(os.path.join(work, name), 'rb').read())}.wasm"
            if f'"./{name}"' not in loader:
                sys.exit(f"post_build.py: the split loader does not name {name}")
            loader = loader.replace(f'"./{name}"', f'"./{hashed}"')
            shutil.copy(os.path.join(work, name), os.path.join(staging, hashed))
            hashed_chunks.append(hashed)
        loader_name = f"split-{short_hash(loader.encode())}.js"
        open(os.path.join(staging, loader_name), "w", encoding="utf-8").write(loader)
        # The glue imports the loader: preload it beside the glue, so the browser does not wait
        # for the glue to arrive before asking for it (one round trip less before the app starts).
        glue_link = re.search(r"<link\b[^>]*" + re.escape(stem + ".js") + r"[^>]*>", html)
        if not glue_link:
            sys.exit("post_build.py: index.html has no <link> to the JS glue to preload the loader beside")
        tag = glue_link.group(0)
        html = html.replace(tag, tag + tag.replace(stem + ".js", loader_name), 1)
        html = set_integrity(html, loader_name, os.path.join(staging, loader_name))
        glue = open(os.path.join(work, stem + ".js"), encoding="utf-8").read()
        if release:
            glue = shorten_boundary_names(os.path.join(work, stem + "_bg.wasm"), glue, f"./{stem}_bg.js")
        # Only the ES import is renamed: the key of the wasm's imports object keeps the module name
        # the wasm asks for.
        glue, n = re.subn(r'(\bfrom\s*)"\./__wasm_split\.js"', lambda m: f'{m.group(1)}"./{loader_name}"', glue)
        if n == 0:
            sys.exit("post_build.py: wasm-bindgen's glue should import ./__wasm_split.js")
        # With several chunks wasm-bindgen imports the loader once per chunk and names it as many
        # times as a key of the wasm's imports object; the keys are the same module, so one does.
        keys = list(re.finditer(r'\n\s*"\./__wasm_split\.js"\s*:\s*import\d+,', glue))
        for key in reversed(keys[1:]):
            glue = glue[:key.start()] + glue[key.end():]
        open(os.path.join(staging, stem + ".js"), "w", encoding="utf-8").write(glue)
        shutil.copy(os.path.join(work, stem + "_bg.wasm"), os.path.join(staging, stem + "_bg.wasm"))
        html = set_integrity(html, stem + "_bg.wasm", os.path.join(staging, stem + "_bg.wasm"))
        html = set_integrity(html, stem + ".js", os.path.join(staging, stem + ".js"))
        return html, hashed_chunks
    finally:
        shutil.rmtree(work)


html, chunks = split_wasm(html)

minified = 0
esbuild = shutil.which("esbuild")
if os.environ.get("TRUNK_PROFILE") == "release":
    if not esbuild:
        sys.exit("post_build.py: esbuild not found (tools/setup.sh installs it; eval \"$(tools/setup.sh --print-path)\")")
    for name in os.listdir(staging):
        if not name.endswith(".js"):
            continue
        js = os.path.join(staging, name)
        subprocess.run([esbuild, js, "--minify", "--format=esm", "--log-level=warning",
                        "--outfile=" + js, "--allow-overwrite"], check=True)
        if name in html:
            html = set_integrity(html, name, js)
        minified += 1

open(path, "w", encoding="utf-8").write(html)
open(os.path.join(staging, "404.html"), "w", encoding="utf-8").write(html)
print(f"post_build.py: CSP with {len(inline)} inline script hash(es) and {len(sheets)} stylesheet hash(es), connect-src {origin}; "
      f"{minified} JS file(s) minified; split off {', '.join(chunks) or 'no chunk'}; 404.html written")
