"""The release build's last step, after `trunk build --release` (tools/release.sh runs it).

Usage: python3 tools/post_build.py DIST

1. Splits the chat page and the callback into wasm chunks of their own (the split points are
   `chat_page` and `callback_page` in src/chunks.rs, compiled as split points because
   tools/release-env.sh sets `--cfg wasm_split`; code both use becomes a third chunk): runs
   `wasm-split-cli` (installed by tools/setup.sh) on the wasm cargo built, then wasm-bindgen on the
   main module and wasm-opt on every module, and puts them in place of trunk's. The chunks and
   their loader get content-hashed names, so a cached loader never meets a newer chunk. The loader
   is preloaded beside the glue that imports it. The integrity hashes in index.html are updated.
2. Minifies wasm-bindgen's JS glue and the loader with esbuild (npm, installed by
   tools/setup.sh; trunk's own JS minifier fails on the glue), and puts the app's stylesheet
   (assets/app.css, minified by trunk) into the page as a <style>, so the first paint needs no
   second round trip.
3. Adds the Content-Security-Policy to index.html: the sha256 of every inline <script> (trunk's
   wasm loader and the theme script); connections only to the OpenRouter origin the app is built
   for (OPENROUTER_ORIGIN, default https://openrouter.ai, the same variable src/config.rs reads);
   and for style-src, the sha256 of each <style> element: the page's stylesheet, the two that
   stylist writes for the SignInButton (their text, from the `csp-styles` binary, which registers
   them as the button does) and the chat page's stylesheet (src/pages/chat/chat.css).
   The preloads of the wasm, the glue and the loader move right after it, first in <head>.
4. Writes 404.html, a copy of index.html: GitHub Pages serves it for any unknown path, so a deep
   link boots the app (src/bin/prerender.rs then writes each route's page, 404.html among them).
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

if len(sys.argv) != 2:
    sys.exit("usage: python3 tools/post_build.py DIST")
dist = sys.argv[1]
top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
path = os.path.join(dist, "index.html")
html = open(path, encoding="utf-8").read()

origin = os.environ.get("OPENROUTER_ORIGIN", "https://openrouter.ai").rstrip("/")
if not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d+)?", origin):
    sys.exit(f"post_build.py: OPENROUTER_ORIGIN must be an origin like https://openrouter.ai, not {origin!r}")


def csp_hash(data):
    """A CSP source that allows exactly `data` (bytes) by its sha256."""
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(data).digest()).decode()


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


def split_wasm(html):
    """Step 1. Returns index.html with the new integrity hashes, and the names of the chunks."""
    bg = [n for n in os.listdir(dist) if n.endswith("_bg.wasm")]
    if len(bg) != 1:
        sys.exit(f"post_build.py: expected one *_bg.wasm in {dist}, found {bg}")
    stem = bg[0][: -len("_bg.wasm")]
    metadata = json.loads(subprocess.run(["cargo", "metadata", "--format-version=1", "--no-deps", "--offline"],
                                         check=True, capture_output=True, text=True, cwd=top).stdout)
    built = os.path.join(metadata["target_directory"], "wasm32-unknown-unknown", "release",
                         "sign-in-with-openrouter.wasm")
    work = tempfile.mkdtemp(prefix="wasm-split-")
    try:
        subprocess.run(["wasm-split-cli", "--out-name", stem, built, work], check=True)
        subprocess.run(["wasm-bindgen", "--target=web", "--no-typescript", "--keep-lld-exports", "--out-dir=" + work,
                        "--out-name=" + stem, os.path.join(work, stem + ".wasm")], check=True)
        os.remove(os.path.join(work, stem + ".wasm"))
        chunks = [n for n in os.listdir(work) if n.endswith(".wasm") and n != stem + "_bg.wasm"]
        if not chunks:
            sys.exit("post_build.py: wasm-split-cli found no split point (was the wasm built with --cfg wasm_split?)")
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
            shutil.copy(os.path.join(work, name), os.path.join(dist, hashed))
            hashed_chunks.append(hashed)
        loader_name = f"split-{short_hash(loader.encode())}.js"
        open(os.path.join(dist, loader_name), "w", encoding="utf-8").write(loader)
        # The glue imports the loader: preload it beside the glue, so the browser does not wait
        # for the glue to arrive before asking for it (one round trip less before the app starts).
        glue_link = re.search(r"<link\b[^>]*" + re.escape(stem + ".js") + r"[^>]*>", html)
        if not glue_link:
            sys.exit("post_build.py: index.html has no <link> to the JS glue to preload the loader beside")
        tag = glue_link.group(0)
        html = html.replace(tag, tag + tag.replace(stem + ".js", loader_name), 1)
        glue = open(os.path.join(work, stem + ".js"), encoding="utf-8").read()
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
        open(os.path.join(dist, stem + ".js"), "w", encoding="utf-8").write(glue)
        shutil.copy(os.path.join(work, stem + "_bg.wasm"), os.path.join(dist, stem + "_bg.wasm"))
        html = set_integrity(html, stem + "_bg.wasm", os.path.join(dist, stem + "_bg.wasm"))
        return html, hashed_chunks
    finally:
        shutil.rmtree(work)


html, chunks = split_wasm(html)

# Step 2.
esbuild = shutil.which("esbuild")
if not esbuild:
    sys.exit("post_build.py: esbuild not found (tools/setup.sh installs it; eval \"$(tools/setup.sh --print-path)\")")
minified = 0
for name in os.listdir(dist):
    if not name.endswith(".js"):
        continue
    js = os.path.join(dist, name)
    subprocess.run([esbuild, js, "--minify", "--format=esm", "--log-level=warning",
                    "--outfile=" + js, "--allow-overwrite"], check=True)
    if name in html:
        html = set_integrity(html, name, js)
    minified += 1

# The page's stylesheet goes into the page itself: the first paint needs no second round trip.
sheet_link = re.search(r"<link\b[^>]*\bhref=\"?[^\" >]*/(app-[0-9a-f]+\.css)\"?[^>]*>", html)
if not sheet_link:
    sys.exit("post_build.py: index.html has no <link> to the app's stylesheet to inline")
sheet = open(os.path.join(dist, sheet_link.group(1)), encoding="utf-8").read()
html = html.replace(sheet_link.group(0), f"<style>{sheet}</style>", 1)
os.remove(os.path.join(dist, sheet_link.group(1)))

# Step 3.
inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
script_hashes = " ".join(csp_hash(body.encode("utf-8")) for body in inline)
button_styles = [json.loads(line) for line in subprocess.run(
    ["cargo", "run", "--quiet", "--offline", "--bin", "csp-styles"],
    check=True, capture_output=True, text=True, cwd=top).stdout.splitlines() if line.strip()]
if len(button_styles) != 2:
    sys.exit(f"post_build.py: csp-styles printed {len(button_styles)} styles, expected the button's two")
chat_sheet = open(os.path.join(top, "src", "pages", "chat", "chat.css"), encoding="utf-8").read()
# The page's own stylesheet, inlined above.
inline_styles = re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S)
style_hashes = " ".join(csp_hash(css.encode("utf-8"))
                        for css in inline_styles + button_styles + [chat_sheet])
csp = (f"default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {script_hashes}; "
       f"style-src 'self' {style_hashes}; img-src 'self' data:; font-src 'self'; "
       f"connect-src 'self' {origin}; manifest-src 'self'; base-uri 'self'; form-action 'none'; "
       "object-src 'none'")
meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
# After the referrer policy, which must come before any request the page makes (the preloads
# below): a request sent earlier would carry /callback?code=… in its Referer.
html, n = re.subn(r"(<meta charset=[^>]*>\s*<meta\b[^>]*\bname=\"?referrer\"?[^>]*>)",
                  lambda m: m.group(1) + meta, html, count=1)
if n != 1:
    sys.exit("post_build.py: index.html must start <head> with <meta charset> then "
             "<meta name=referrer>, to put the CSP after them")

# The wasm, the glue and the chunks' loader are fetched before anything else in <head> asks for
# the network: their preloads go right after the CSP (a meta CSP governs what follows it).
preloads = re.findall(r"<link\b[^>]*\brel=\"?(?:modulepreload|preload)\b[^>]*>", html)
for tag in preloads:
    html = html.replace(tag, "", 1)
html = html.replace(meta, meta + "".join(preloads), 1)

# Step 4.
open(path, "w", encoding="utf-8").write(html)
open(os.path.join(dist, "404.html"), "w", encoding="utf-8").write(html)
print(f"post_build.py: split off {', '.join(chunks)}; {minified} JS file(s) minified; CSP with "
      f"{len(inline)} inline script hash(es) and {len(inline_styles) + len(button_styles) + 1} style hash(es), "
      f"connect-src {origin}; 404.html written")
