"""Trunk post_build hook (see Trunk.toml).

1. Fills the Content-Security-Policy of index.html: the sha256 of every inline <script> (trunk's
   wasm loader and the theme script), and the OpenRouter origin the app is built for
   (OPENROUTER_ORIGIN, default https://openrouter.ai; the same variable src/config.rs reads),
   and the sha256 of the SignInButton's stylesheet (src/components/sign_in_button.css, which
   the button puts into <head> as a <style> element) for style-src.
2. In release builds, minifies wasm-bindgen's JS glue with esbuild (npm, installed by
   tools/setup.sh; trunk's own JS minifier fails on it) and updates its integrity hash: -2 KB gzip.
3. Writes 404.html, a copy of index.html: GitHub Pages serves it for any unknown path, so a deep
   link or a reload on /callback boots the app.
"""
import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("post_build.py: TRUNK_STAGING_DIR is not set (run it from trunk)")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()

origin = os.environ.get("OPENROUTER_ORIGIN", "https://openrouter.ai").rstrip("/")
if not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d+)?", origin):
    sys.exit(f"post_build.py: OPENROUTER_ORIGIN must be an origin like https://openrouter.ai, not {origin!r}")

inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
hashes = " ".join(
    "'sha256-%s'" % base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    for body in inline
)
sheet = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "components", "sign_in_button.css")
style_hash = "'sha256-%s'" % base64.b64encode(hashlib.sha256(open(sheet, "rb").read()).digest()).decode()
for placeholder in ("__INLINE_SCRIPT_HASHES__", "__OPENROUTER_ORIGIN__", "__STYLE_HASHES__"):
    if placeholder not in html:
        sys.exit(f"post_build.py: {placeholder} missing from index.html")
html = (html.replace("__INLINE_SCRIPT_HASHES__", hashes).replace("__OPENROUTER_ORIGIN__", origin)
        .replace("__STYLE_HASHES__", style_hash))

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
        digest = base64.b64encode(hashlib.sha384(open(js, "rb").read()).digest()).decode()
        html, n = re.subn(r'(href="?[^ >"]*%s"? integrity="?)sha384-[A-Za-z0-9+/=]+' % re.escape(name),
                          r"\g<1>sha384-" + digest, html)
        if n == 0 and "integrity" in html:
            sys.exit(f"post_build.py: could not update the integrity of {name}")
        minified += 1

open(path, "w", encoding="utf-8").write(html)
open(os.path.join(staging, "404.html"), "w", encoding="utf-8").write(html)
print(f"post_build.py: CSP with {len(inline)} inline script hash(es) and the button's style hash, connect-src {origin}; "
      f"{minified} JS file(s) minified; 404.html written")
