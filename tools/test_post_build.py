"""What tools/post_build.py rewrites in the built page, on fixture files (tools/fixtures/post_build:
an index.html shaped like trunk's release output, its stylesheet and its glue).

Run: python3 -m unittest discover -s tools -p 'test_*.py' (tools/test.sh does).
The steps that run external tools (wasm-split-cli, wasm-bindgen, wasm-opt, esbuild) are covered by
the release build and the journeys that load it.
"""
import base64
import hashlib
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import post_build  # noqa: E402
from post_build import read_bytes, read_text  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "post_build")
ORIGIN = "http://127.0.0.1:17654"


def sha256_source(text):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


class PostBuild(unittest.TestCase):
    def setUp(self):
        self.dist = tempfile.mkdtemp(prefix="post-build-test-")
        for name in os.listdir(FIXTURES):
            shutil.copy(os.path.join(FIXTURES, name), self.dist)
        self.html = read_text(os.path.join(self.dist, "index.html"))

    def tearDown(self):
        shutil.rmtree(self.dist)

    def rewritten(self):
        """The fixture page after the steps that rewrite it without external tools."""
        html = post_build.inline_stylesheet(self.dist, self.html)
        html, _ = post_build.add_csp(html, ORIGIN)
        return post_build.preloads_first(html)

    def csp(self, html):
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        self.assertEqual(len(found), 1, "one CSP")
        return dict((d.split()[0], d.split()[1:]) for d in found[0].split("; "))

    def test_the_stylesheet_goes_into_the_page_and_its_file_away(self):
        html = post_build.inline_stylesheet(self.dist, self.html)
        self.assertIn("<style>body{margin:0}.hero{color:red}</style>", html)
        self.assertNotIn("app-0123456789abcdef.css", html)
        self.assertFalse(os.path.exists(os.path.join(self.dist, "app-0123456789abcdef.css")))

    def test_the_csp_allows_the_inline_scripts_by_hash_and_nothing_inline_else(self):
        html = self.rewritten()
        csp = self.csp(html)
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
        self.assertEqual(len(inline), 2)
        self.assertEqual(csp["script-src"], ["'self'", "'wasm-unsafe-eval'"] + [sha256_source(s) for s in inline])
        self.assertNotIn("'unsafe-inline'", " ".join(sum(csp.values(), [])))
        # The styles' hashes are the prerenderer's (src/bin/prerender.rs).
        self.assertEqual(csp["style-src"], ["'self'"])
        self.assertEqual(csp["connect-src"], ["'self'", ORIGIN])
        self.assertEqual(csp["default-src"], ["'none'"])
        self.assertEqual(csp["form-action"], ["'none'"])
        self.assertEqual(csp["base-uri"], ["'self'"])

    def test_the_csp_then_the_referrer_policy_come_before_any_request(self):
        html = self.rewritten()
        head = html[:html.index("<body>")]
        tags = re.findall(r"<(?:meta|link|script|style|base|title)\b[^>]*>", head)
        self.assertTrue(tags[0].startswith("<meta charset"), tags[0])
        self.assertIn("Content-Security-Policy", tags[1])
        self.assertIn("name=referrer", tags[2])
        self.assertEqual(len(re.findall(r"name=referrer", html)), 1, "moved, not copied")
        # Then the preloads, before anything else that asks for the network.
        self.assertIn("rel=preload", tags[3])
        self.assertIn("rel=modulepreload", tags[4])
        self.assertEqual(len(re.findall(r"rel=(?:module)?preload\b", html)), 2, "moved, not copied")

    def test_an_integrity_follows_its_file(self):
        glue = os.path.join(self.dist, "app-1f2e.js")
        html = post_build.set_integrity(self.html, "app-1f2e.js", glue)
        expected = "sha384-" + base64.b64encode(hashlib.sha384(read_bytes(glue)).digest()).decode()
        link = re.search(r"<link\b[^>]*app-1f2e\.js[^>]*>", html).group(0)
        self.assertIn(expected, link)
        self.assertIn("sha384-DDDD", html, "the wasm's is left alone")

    def test_only_an_origin_is_taken_for_openrouter(self):
        self.assertEqual(post_build.checked_origin("https://openrouter.ai/"), "https://openrouter.ai")
        self.assertEqual(post_build.checked_origin(ORIGIN), ORIGIN)
        for bad in ["https://openrouter.ai/path", "javascript:alert(1)", "https://a.b; script-src *", "openrouter.ai"]:
            with self.assertRaises(SystemExit, msg=bad):
                post_build.checked_origin(bad)

    def test_the_route_splits_chunks_are_preloaded_at_low_priority_marked_by_split(self):
        loader = "".join(f"""export const __wasm_split_load_{split} = wrapAsyncCb(makeLoad(() => {{
    const src = fetch(new URL("./split_{split}.wasm", import.meta.url));
}}
, []));
""" for split in ["gallery", "chat", "callback", "app", "oauth_return"]) + """/* app, chat */
const __chunk_6 = makeLoad(() => {
    const src = fetch(new URL("./chunk_6.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* gallery */
const __chunk_7 = makeLoad(() => {
    const src = fetch(new URL("./chunk_7.wasm", import.meta.url));
}
, []);
"""
        files = post_build.split_files(loader)
        self.assertEqual(files, {"app": ["chunk_6.wasm", "split_app.wasm"],
                                 "callback": ["split_callback.wasm"],
                                 "chat": ["chunk_6.wasm", "split_chat.wasm"],
                                 "oauth_return": ["split_oauth_return.wasm"]})
        stem = re.search(r"([\w-]+)_bg\.wasm", self.html).group(1)
        html = post_build.preload_splits(self.html, stem, files)
        tags = re.findall(r'<link\b[^>]*fetchpriority="low">', html)
        self.assertEqual(len(tags), 5, "each file once")
        self.assertIn('data-for="app chat"', tags[0])
        self.assertIn("chunk_6.wasm", tags[0])
        wasm_link = re.search(r"<link\b[^>]*" + re.escape(stem) + r"_bg\.wasm[^>]*>", html).group(0)
        self.assertTrue(html.index(wasm_link) < html.index(tags[0]), "after the main module's")
        for attribute in ['rel="preload"', 'as="fetch"', "crossorigin"]:
            self.assertIn(attribute, tags[0])
        self.assertNotIn("integrity", "".join(tags), "the loader's fetch has none, so a preload must not")
        with self.assertRaises(SystemExit):
            post_build.split_files(loader.replace("split_app", "split_other"))

if __name__ == "__main__":
    unittest.main()
