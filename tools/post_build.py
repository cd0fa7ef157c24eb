"""The release build's post-processing, after `trunk build --release` (tools/release.sh runs it,
then src/bin/prerender.rs). What it rewrites in index.html is tested on fixture files by
tools/test_post_build.py (python3 -m unittest, run by tools/test.sh).

Usage: python3 tools/post_build.py DIST

1. Splits the lazy parts into wasm chunks of their own (the chat page, the callback, the gallery
   and the key's details, each declared by `split_point!` next to its page (src/lazy.rs), compiled
   as split points because tools/release-env.sh sets `--cfg wasm_split`; code several use
   becomes more chunks): runs
   `wasm-split-cli` (installed by tools/setup.sh) on the wasm cargo built, then wasm-bindgen on the
   main module and wasm-opt on every module, and puts them in place of trunk's. The chunks and
   their loader get content-hashed names, so a cached loader never meets a newer chunk. The loader
   is preloaded beside the glue that imports it. The integrity hashes in index.html are updated.
   The chunks of the Yew app (the split point `app`, behind the first module) and of the routes
   that are parts of their own (`callback`, `chat`) are preloaded at low priority after the main
   module, each marked with the splits that load it; src/bin/prerender.rs keeps on each route's
   page those it needs (none on the home page, where the first module and its sign-in come first).
2. Minifies wasm-bindgen's JS glue and the loader with esbuild (npm, installed by
   tools/setup.sh; trunk's own JS minifier fails on the glue), and puts the app's stylesheet
   (assets/app.css, minified by trunk) into the page as a <style>, so the first paint needs no
   second round trip.
3. Adds the Content-Security-Policy to index.html: the sha256 of every inline <script> (trunk's
   wasm loader and the theme script); connections only to the OpenRouter origin the app is built
   for (OPENROUTER_ORIGIN, default https://openrouter.ai, the same variable src/config.rs reads);
   style-src 'self', to which src/bin/prerender.rs, which writes the pages' final <style>
   elements, adds their sha256 and that of the chat page's stylesheet.
   Right after it come the referrer policy (no request goes out before it) and the preloads of
   the wasm, the glue and the loader, first in <head>.
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

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def checked_origin(origin):
    """The OpenRouter origin, without a trailing slash; anything but an origin stops the build."""
    origin = origin.rstrip("/")
    if not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d+)?", origin):
        sys.exit(f"post_build.py: OPENROUTER_ORIGIN must be an origin like https://openrouter.ai, not {origin!r}")
    return origin


def csp_hash(data):
    """A CSP source that allows exactly `data` (bytes) by its sha256."""
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(data).digest()).decode()


def sri(file):
    return "sha384-" + base64.b64encode(hashlib.sha384(read_bytes(file)).digest()).decode()


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


def split_wasm(dist, html):
    """Step 1. Returns index.html with the new integrity hashes, and the names of the chunks."""
    bg = [n for n in os.listdir(dist) if n.endswith("_bg.wasm")]
    if len(bg) != 1:
        sys.exit(f"post_build.py: expected one *_bg.wasm in {dist}, found {bg}")
    stem = bg[0][: -len("_bg.wasm")]
    metadata = json.loads(subprocess.run(["cargo", "metadata", "--format-version=1", "--no-deps", "--offline"],
                                         check=True, capture_output=True, text=True, cwd=TOP).stdout)
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
        loader = read_text(os.path.join(work, "__wasm_split.js"))
        preloaded = split_files(loader)
        hashed_chunks = []
        for name in chunks:
            hashed = f"{name[:-5]}-{short_hash(read_bytes(os.path.join(work, name)))}.wasm"
            if f'"./{name}"' not in loader:
                sys.exit(f"post_build.py: the split loader does not name {name}")
            loader = loader.replace(f'"./{name}"', f'"./{hashed}"')
            shutil.copy(os.path.join(work, name), os.path.join(dist, hashed))
            hashed_chunks.append(hashed)
        loader_name = f"split-{short_hash(loader.encode())}.js"
        write_text(os.path.join(dist, loader_name), loader)
        # The glue imports the loader: preload it beside the glue, so the browser does not wait
        # for the glue to arrive before asking for it (one round trip less before the app starts).
        glue_link = re.search(r"<link\b[^>]*" + re.escape(stem + ".js") + r"[^>]*>", html)
        if not glue_link:
            sys.exit("post_build.py: index.html has no <link> to the JS glue to preload the loader beside")
        tag = glue_link.group(0)
        html = html.replace(tag, tag + tag.replace(stem + ".js", loader_name), 1)
        glue = read_text(os.path.join(work, stem + ".js"))
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
        write_text(os.path.join(dist, stem + ".js"), glue)
        shutil.copy(os.path.join(work, stem + "_bg.wasm"), os.path.join(dist, stem + "_bg.wasm"))
        html = set_integrity(html, stem + "_bg.wasm", os.path.join(dist, stem + "_bg.wasm"))
        hashed = dict(zip(chunks, hashed_chunks))
        html = preload_splits(html, stem, {split: [hashed[name] for name in names]
                                           for split, names in preloaded.items()})
        return html, hashed_chunks
    finally:
        shutil.rmtree(work)



# The split points whose chunks a page preloads (src/bin/prerender.rs keeps, on each route's page,
# those of the splits that page needs): the Yew app behind the first module, and the parts that
# are a route of their own, and the return from OpenRouter the first module finishes (src/starter.rs).
PRELOADED_SPLITS = ["app", "callback", "chat", "oauth_return"]


def split_files(loader):
    """What each split point loads, as wasm-split-cli's loader names them: for every split in
    PRELOADED_SPLITS, the shared chunks whose comment lists it, then `split_NAME.wasm`."""
    files = {split: [] for split in PRELOADED_SPLITS}
    for splits, name in re.findall(r'/\*\s*([^*]*?)\s*\*/\s*const __chunk_\d+ = makeLoad\(\(\) => \{\s*'
                                   r'const src = fetch\(new URL\("\./([^"]+\.wasm)"', loader):
        for split in [s.strip() for s in splits.split(",")]:
            if split in files:
                files[split].append(name)
    for split in PRELOADED_SPLITS:
        if f'"./split_{split}.wasm"' not in loader:
            sys.exit(f"post_build.py: the split loader has no split_{split}.wasm")
        files[split].append(f"split_{split}.wasm")
    return files


def preload_splits(html, stem, files):
    """Step 1: preloads of the chunks of PRELOADED_SPLITS (`files`: split -> hashed file names), at
    low priority, after the main module's, each marked with the splits that load it
    (`data-for="app chat"`), for src/bin/prerender.rs to keep on the pages that need them. The
    loader's `fetch` takes the preloaded response: same URL, same CORS mode, no integrity."""
    wasm_link = re.search(r"<link\b[^>]*" + re.escape(stem + "_bg.wasm") + r"[^>]*>", html)
    if not wasm_link:
        sys.exit("post_build.py: index.html has no preload of the main wasm to put the chunks' after")
    href = re.search(r'href="?([^" >]*)' + re.escape(stem + "_bg.wasm"), wasm_link.group(0))
    prefix = href.group(1) if href else ""
    users = {}
    for split in PRELOADED_SPLITS:
        for name in files[split]:
            users.setdefault(name, []).append(split)
    tags = "".join(f'<link rel="preload" as="fetch" crossorigin href="{prefix}{name}" '
                   f'data-for="{" ".join(splits)}" fetchpriority="low">'
                   for name, splits in users.items())
    return html.replace(wasm_link.group(0), wasm_link.group(0) + tags, 1)


def minify_js(dist, html):
    """Step 2: every JS file minified with esbuild, its integrity in index.html updated. Returns
    index.html and how many files were minified."""
    esbuild = shutil.which("esbuild")
    if not esbuild:
        sys.exit("post_build.py: esbuild not found (tools/setup.sh installs it; eval \"$(tools/setup.sh --print-path)\")")
    minified = 0
    for name in sorted(os.listdir(dist)):
        if not name.endswith(".js"):
            continue
        js = os.path.join(dist, name)
        subprocess.run([esbuild, js, "--minify", "--format=esm", "--log-level=warning",
                        "--outfile=" + js, "--allow-overwrite"], check=True)
        if name in html:
            html = set_integrity(html, name, js)
        minified += 1
    return html, minified


def inline_stylesheet(dist, html):
    """Step 2: the page's stylesheet (trunk's `app-<hash>.css`) goes into the page itself as a
    <style>, so the first paint needs no second round trip; the file is removed."""
    sheet_link = re.search(r"<link\b[^>]*\bhref=\"?[^\" >]*/(app-[0-9a-f]+\.css)\"?[^>]*>", html)
    if not sheet_link:
        sys.exit("post_build.py: index.html has no <link> to the app's stylesheet to inline")
    sheet = read_text(os.path.join(dist, sheet_link.group(1)))
    html = html.replace(sheet_link.group(0), f"<style>{sheet}</style>", 1)
    os.remove(os.path.join(dist, sheet_link.group(1)))
    return html


def add_csp(html, origin):
    """Step 3: the Content-Security-Policy, right after <meta charset>. Returns index.html and how
    many inline scripts it allows by hash. The styles' hashes are added by src/bin/prerender.rs,
    which writes the pages' <style> elements."""
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    script_hashes = " ".join(csp_hash(body.encode("utf-8")) for body in inline)
    csp = (f"default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {script_hashes}; "
           f"style-src 'self'; img-src 'self' data:; font-src 'self'; "
           f"connect-src 'self' {origin}; manifest-src 'self'; base-uri 'self'; form-action 'none'; "
           "object-src 'none'")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
    html, n = re.subn(r"(<meta charset=[^>]*>)", lambda m: m.group(1) + meta, html, count=1)
    if n != 1:
        sys.exit("post_build.py: index.html has no <meta charset> to put the CSP after")
    return html, len(inline)


def preloads_first(html):
    """Step 3: the referrer policy, then the preloads of the wasm, the glue and the chunks'
    loader, right after the CSP (a meta CSP governs what follows it): they are fetched before
    anything else in <head> asks for the network, and no request goes out before the referrer
    policy is known (so none carries the callback's `?code=` in its Referer)."""
    csp = re.search(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", html)
    if not csp:
        sys.exit("post_build.py: the CSP must be in place before the preloads move")
    referrer = re.search(r"<meta\b[^>]*\bname=\"?referrer\b[^>]*>", html)
    if not referrer:
        sys.exit("post_build.py: index.html has no <meta name=\"referrer\">")
    moved = [referrer.group(0)] + re.findall(r"<link\b[^>]*\brel=\"?(?:modulepreload|preload)\b[^>]*>", html)
    for tag in moved:
        html = html.replace(tag, "", 1)
    return html.replace(csp.group(0), csp.group(0) + "".join(moved), 1)


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: python3 tools/post_build.py DIST")
    dist = argv[1]
    path = os.path.join(dist, "index.html")
    html = read_text(path)
    origin = checked_origin(os.environ.get("OPENROUTER_ORIGIN", "https://openrouter.ai"))
    html, chunks = split_wasm(dist, html)
    html, minified = minify_js(dist, html)
    html = inline_stylesheet(dist, html)
    html, scripts = add_csp(html, origin)
    html = preloads_first(html)
    # Step 4.
    write_text(path, html)
    write_text(os.path.join(dist, "404.html"), html)
    print(f"post_build.py: split off {', '.join(chunks)}; {minified} JS file(s) minified; CSP with "
          f"{scripts} inline script hash(es) (the styles' are prerender's), "
          f"connect-src {origin}; 404.html written")


if __name__ == "__main__":
    main(sys.argv)
