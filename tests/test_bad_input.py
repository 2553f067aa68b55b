"""Bad inputs and faults: every one gets a one-line message naming the file and the fix, exit codes
tell success (0) / partial (3) / failure (1) / bad usage or unwritten outputs (2) apart, and the
good articles beside a bad one are summarized. docs/bad-inputs.md lists the same table."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REFERENCES, REPO
from summarize.cli import main
from summarize.load import load_corpus, shown

GOOD = ("000_6d9c3534f048a921", "001_f6415b89ee64b7cc")
FR = ("Le ministre des Affaires étrangères a rencontré vendredi son homologue à Genève pour parler de la crise. "
      "Les deux hommes ont jugé l'échange utile, sans rapprocher leurs positions sur les garanties de sécurité. ")
EN = ("The foreign minister met his counterpart in Geneva on Friday to discuss the crisis. "
      "Both men called the talks useful but remained far apart on security guarantees. ")
DE = ("Der Außenminister traf am Freitag in Genf seinen Amtskollegen, um über die Krise zu sprechen. "
      "Beide nannten das Gespräch nützlich, blieben aber bei den Sicherheitsgarantien weit auseinander. ")


SECRET = b"Mot de passe du coffre : SECRET-7731. Ne jamais publier cette note privee.\n" * 3
HOSTILE_TITLE = "<script>alert(1)</script> | *gras* `code` [lien](http://x) \\| fin"
FIFO = "<fifo>"  # file-table values that are not bytes: what _folder makes there instead of a file
CHAR_DEVICE = "<character device>"


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(0).randbytes(400)


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", FR * 5)
    return buf.getvalue()


# name -> (what is written into the folder beside the good pages, outcome, message fragment)
# outcome: "error" (reported, skipped), "ok" (summarized too), "ok-or-error" (either, never a crash)
FILE_CASES = {
    "empty": ({"empty.txt": b""}, "error", "file is empty; remove it or put the article text in it"),
    "whitespace-only": ({"blank.txt": b"  \n\t \n"}, "error", "file is empty"),
    "one-word": ({"one.txt": b"Bonjour"}, "error", "words left after removing"),
    "random-bytes": ({"random.txt": random.Random(1).randbytes(2000)}, "error", "looks binary"),
    "random-bytes-without-nul": ({"random.txt": bytes(b or 1 for b in random.Random(2).randbytes(2000))}, "error", "re-save it as UTF-8 text"),
    "png-named-txt": ({"image.txt": _png()}, "error", "looks binary"),
    "png-file": ({"image.png": _png()}, "error", "unsupported file type .png"),
    "zip-named-txt": ({"archive.txt": _zip()}, "error", "looks binary"),
    "gzip-named-txt": ({"archive.txt": gzip.compress((FR * 5).encode(), mtime=0)}, "error", "looks binary"),
    "nul-bytes-in-text": ({"nul.txt": (FR * 3).encode() + b"\x00\x00" + (FR * 3).encode()}, "error", "looks binary"),
    "utf16-with-bom": ({"u16.txt": (FR * 3).encode("utf-16")}, "ok", None),
    "utf16-le-without-bom": ({"u16le.txt": (FR * 3).encode("utf-16-le")}, "ok", None),
    "utf16-be-without-bom": ({"u16be.txt": (FR * 3).encode("utf-16-be")}, "ok", None),
    "utf16-truncated": ({"weird.txt": b"\xff\xfe\x00\x00garbage"}, "error", "is not valid utf-16"),
    "utf16-invalid-surrogate": ({"weird.txt": b"\xff\xfe" + "Bonjour".encode("utf-16-le") + b"\x00\xd8\x41\x00"}, "error", "is not valid utf-16"),
    "cp1252": ({"cp.txt": (FR * 3 + "Œuvre « déjà » — été.").encode("cp1252")}, "ok", None),
    "latin-1": ({"latin.txt": (FR * 3).encode("latin-1")}, "ok", None),
    "mixed-encodings": ({"mixed.txt": (FR * 2).encode() + (FR * 2).encode("latin-1")}, "ok", None),
    "invalid-utf8-mid-file": ({"bad8.txt": (FR * 2).encode() + b"\xff\xfe\xfd" + (FR * 2).encode()}, "ok-or-error", None),
    "utf8-with-bom": ({"bom.txt": b"\xef\xbb\xbf" + (FR * 3).encode()}, "ok", None),
    "crlf-line-ends": ({"crlf.txt": (FR * 3).replace(". ", ".\r\n").encode()}, "ok", None),
    "2mb-single-line": ({"huge.txt": ("mot " * 520_000).encode()}, "error", "raise the limit (--max-chars)"),
    "100k-word-article": ({"long.txt": (FR * 3_500).encode()}, "error", "split the file, or raise the limit (--max-chars)"),
    "one-100k-char-word": ({"word.txt": ("a" * 100_000).encode()}, "error", "words left after removing"),
    "punctuation-only": ({"dots.txt": b"... !!! ??? ;;;\n---"}, "error", "words left"),
    "numbers-only": ({"nums.txt": b"12 345 678\n2022 2023 2024\n1 2 3 4 5 6 7 8 9 10 11 12"}, "error", "words left after removing"),
    "emoji-only": ({"emoji.txt": "😀 🎉 🇫🇷 👍\n🔥🔥🔥 💬 ✅ 🚀 🌍 😀 🎉 🇫🇷 👍".encode()}, "error", "words left"),
    "boilerplate-only": ({"menu.txt": b"Accueil\nPolitique\nConnectez-vous\nLire aussi : la suite"}, "error", "check that the file holds the article text"),
    "english-accepted-by-default": ({"english.txt": (EN * 3).encode()}, "ok", None),
    "english-with-lang-fr": ({"english.txt": (EN * 3).encode()}, "error", "detected language 'en', expected one of fr; pass --lang", "--lang", "fr"),
    "german-with-lang-fr": ({"german.txt": (DE * 3).encode()}, "error", "detected language 'de'", "--lang", "fr"),
    "chinese-accepted": ({"zh.txt": ("外交部长周五在日内瓦会见了他的同行，讨论了这场危机。双方都认为会谈有益。" * 4).encode()}, "ok", None),
    "chinese-with-lang-fr": ({"zh.txt": ("外交部长周五在日内瓦会见了他的同行，讨论了这场危机。双方都认为会谈有益。" * 4).encode()}, "error",
                             "detected language 'zh', expected one of fr", "--lang", "fr"),
    "mixed-language-file": ({"mixed.txt": (FR + EN + FR + EN).encode()}, "ok-or-error", None),
    "unsupported-suffix": ({"report.docx": b"PK\x03\x04"}, "error", "unsupported file type .docx"),
    "no-suffix": ({"README": (FR * 3).encode()}, "error", "unsupported file type (none)"),
    "markdown": ({"a.md": ("# Titre\n\n" + FR * 3 + "\n\n[lien](http://x)").encode()}, "ok", None),
    "html-malformed": ({"bad.html": ("<html><body><div><p>" + FR * 3 + "<p><b>unclosed <i>tags").encode()}, "ok", None),
    "html-script-style-entities": ({"page.html": ("<html><head><style>p{color:red}</style><script>var x='<p>no</p>';</script></head>"
                                                  "<body><p>Le ministre a dit &laquo;&nbsp;oui&nbsp;&raquo; &amp; " + FR * 3 + "</p></body></html>").encode()}, "ok", None),
    "html-without-text": ({"empty.html": b"<html><head><script>x()</script></head><body><div></div></body></html>"}, "error", "has no visible text"),
    "name-with-spaces": ({"mon article.txt": (FR * 3).encode()}, "ok", None),
    "name-with-unicode": ({"été ☀ Genève.txt": (FR * 3).encode()}, "ok", None),
    "name-with-newline": ({"a\nb.txt": (FR * 3).encode()}, "ok", None),
    "nested-folders": ({"2022/janvier/a.txt": (FR * 3).encode()}, "ok", None),
    "folder-named-x.txt": ({"x.txt/inside.txt": (FR * 3).encode()}, "ok", None),
    "jsonl-bad-line": ({"feed.jsonl": (json.dumps({"id": "j1", "text": FR * 3}) + "\n{not json\n").encode()}, "error", "invalid JSON"),
    "jsonl-missing-text": ({"feed.jsonl": json.dumps({"id": "j1", "body": FR}).encode()}, "error", "no 'text' field"),
    "jsonl-non-string-text": ({"feed.jsonl": json.dumps({"id": "j1", "text": ["a", "b"]}).encode()}, "error", "'text' must be a string"),
    "jsonl-not-an-object": ({"feed.jsonl": b"[1, 2, 3]\n"}, "error", "line is not a JSON object"),
    "jsonl-duplicate-ids": ({"feed.jsonl": (json.dumps({"id": "j1", "text": FR * 3}) + "\n" + json.dumps({"id": "j1", "text": FR * 2}) + "\n").encode()}, "error", "duplicate"),
    "jsonl-ids-with-slash-and-dots": ({"feed.jsonl": (json.dumps({"id": "../../etc/x", "text": FR * 3}) + "\n" + json.dumps({"id": "a/b", "text": FR * 3}) + "\n").encode()}, "ok", None),
    "jsonl-empty-text": ({"feed.jsonl": json.dumps({"id": "j1", "text": "  "}).encode()}, "error", "'text' is empty; remove the record or fill it"),
    "jsonl-weird-lang-field": ({"feed.jsonl": json.dumps({"id": "j1", "text": FR * 3, "lang": " FR "}).encode()}, "ok", None),
    "broken-symlink": ({"@dangling.txt": "nowhere.txt"}, "error", "no such file"),
    "symlink-loop": ({"@loop": "."}, "error", "is a link to a folder, not followed"),
    # issue 22: links, special files, names, depth, sizes, JSONL lines that once stopped the batch
    "symlink-out-of-folder": ({"../private.txt": SECRET, "@leak.txt": "../private.txt"}, "error", "links outside the input folder"),
    "symlink-to-etc-passwd": ({"@passwd.txt": "/etc/passwd"}, "error", "links outside the input folder"),
    "symlink-to-proc": ({"@status.txt": "/proc/self/status"}, "error", "links to a system file"),
    "symlink-to-dev-zero": ({"@zero.txt": "/dev/zero"}, "error", "links to a character device (/dev/zero), not a regular file; never read"),
    "symlink-inside-folder": ({"@alias.txt": f"{GOOD[0]}.txt"}, "ok", None),
    "fifo": ({"pipe.txt": FIFO}, "error", "is a named pipe (FIFO), not a regular file; not read"),
    "character-device": ({"null.txt": CHAR_DEVICE}, "error", "is a character device, not a regular file; not read"),
    "name-not-utf8": ({os.fsdecode(b"caf\xe9.txt"): (FR * 3).encode()}, "error", "name is not valid UTF-8"),
    "folder-name-not-utf8": ({os.fsdecode(b"r\xe9sum\xe9s") + "/a.txt": (FR * 3).encode()}, "error", "folder name is not valid UTF-8"),
    "1500-nested-folders": ({"d/" * 1500 + "deep.txt": (FR * 3).encode()}, "ok", None),
    "2gb-sparse-file": ({"huge.txt": 2 << 30}, "error", "is 2,147,483,648 bytes, over the 16,777,216-byte limit for one article; not read"),
    "hidden-article-file": ({".draft.txt": (FR * 3).encode()}, "error", "is a hidden file (its name starts with '.'); not read"),
    "hidden-other-files": ({".DS_Store": b"\x00\x00\x00\x01Bud1", ".git/config": b"[core]\n"}, "skip", None),
    "jsonl-empty-file": ({"feed.jsonl": b""}, "error", "file is empty (no JSON line)"),
    "jsonl-blank-lines-only": ({"feed.jsonl": b"\n  \n\t\n"}, "error", "file is empty (no JSON line)"),
    "jsonl-lone-surrogate-id": ({"feed.jsonl": b'{"id": "bad\\ud800", "text": "' + (FR * 3).encode() + b'"}\n'}, "error", "field 'id' holds a lone surrogate (U+D800)"),
    "jsonl-lone-surrogate-title": ({"feed.jsonl": b'{"id": "t", "title": "x\\udc00", "text": "' + (FR * 3).encode() + b'"}\n'}, "error", "field 'title' holds a lone surrogate"),
    "jsonl-deeply-nested-line": ({"feed.jsonl": b"[" * 100_000 + b"\n" + json.dumps({"id": "after", "text": FR * 3}).encode()}, "error", "JSON nested too deeply"),
    "jsonl-huge-integer": ({"feed.jsonl": b'{"id": "n", "n": ' + b"1" * 5_000 + b"}\n" + json.dumps({"id": "after", "text": FR * 3}).encode()}, "error", "invalid JSON (Exceeds the limit (4300 digits)"),
    "jsonl-cp1252-line-in-utf8": ({"feed.jsonl": (json.dumps({"id": "u", "text": FR * 3}, ensure_ascii=False) + "\n").encode()
                                   + (json.dumps({"id": "w", "text": FR * 3}, ensure_ascii=False) + "\n").encode("cp1252")}, "error", "not UTF-8 while the rest of the file is"),
    "jsonl-cp1252-file": ({"feed.jsonl": (json.dumps({"id": "w", "text": FR * 3}, ensure_ascii=False) + "\n").encode("cp1252")}, "ok", None),
    "jsonl-line-over-the-cap": ({"feed.jsonl": (json.dumps({"id": "first", "text": FR * 400}) + "\n").encode() + bytes(17 << 20) + b"\n"
                                 + json.dumps({"id": "after", "text": FR * 3}).encode()}, "error", "line is 17,825,793 bytes, over the 16,777,216-byte limit"),
    "jsonl-5mb-title": ({"feed.jsonl": json.dumps({"id": "t", "title": "Titre " * 900_000, "text": FR * 3}).encode()}, "ok", None),
    # issue 22 item 7: markup and control characters from the input reach report.md and the terminal escaped
    "title-and-id-with-html-pipes-backticks": ({"feed.jsonl": json.dumps({"id": "</code></summary><script>alert(1)</script>", "title": HOSTILE_TITLE, "text": FR * 3}).encode()}, "ok", None),
    "name-with-ansi-escape": ({"\x1b[31mrouge\x1b[0m.txt": (FR * 3).encode()}, "ok", None),
    "empty-file-with-ansi-name": ({"\x1b[2Jvide.txt": b""}, "error", "file is empty"),
    "jsonl-5mb-id": ({"feed.jsonl": json.dumps({"id": "x" * 5_000_000, "text": FR * 3}).encode()}, "error", "'id' is 5,000,000 characters long (at most 1,000)"),
}


def _folder(tmp_path: Path, sample_dir: Path, files: dict[str, Any]) -> Path:
    """The two good pages, plus ``files``: name -> bytes (a file), an int (a sparse file of that
    size), FIFO, CHAR_DEVICE (skips the test where mknod is not allowed), or, for a name starting
    with "@", the target of a symbolic link."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(sample_dir / f"{name}.txt", folder / f"{name}.txt")
    for name, data in files.items():
        if name.startswith("@"):  # a symbolic link: name -> target
            (folder / name[1:]).symlink_to(data)
            continue
        path = folder / name
        _mkdirs(path.parent)
        if data == FIFO:
            os.mkfifo(path)
        elif data == CHAR_DEVICE:
            try:
                os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
            except PermissionError:
                pytest.skip("mknod is not allowed here (not root)")
        elif isinstance(data, int):
            with path.open("wb") as f:
                f.truncate(data)  # sparse: no disk used, nothing to read
        else:
            path.write_bytes(data)
    return folder


def _mkdirs(path: Path) -> None:
    """``mkdir -p`` without recursion (``Path.mkdir(parents=True)`` recurses: 1,500 levels fail)."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for p in reversed(missing):
        p.mkdir()


def _tree(root: Path) -> set[Path]:
    """Every path under ``root``, without recursion (``rglob`` recurses on Python 3.11)."""
    out, stack = set(), [root]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for e in entries:
                out.add(Path(e.path))
                if e.is_dir(follow_symlinks=False):
                    stack.append(Path(e.path))
    return out


def remove_deep(root: Path) -> None:
    """Delete the folders under ``root`` deeper than ``shutil.rmtree`` can (it recurses)."""
    for p in sorted(_tree(root), key=lambda p: len(p.parts), reverse=True):
        if len(p.parts) - len(root.parts) > 50:
            p.rmdir() if p.is_dir() and not p.is_symlink() else p.unlink()


def _run(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def _outputs(out: Path) -> tuple[list[dict], list[dict]]:
    rows = [json.loads(x) for x in (out / "summaries.jsonl").read_text().splitlines()]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    return rows, errors


@pytest.mark.parametrize("case", list(FILE_CASES), ids=list(FILE_CASES))
def test_a_bad_file_is_reported_and_the_good_ones_are_summarized(case, tmp_path, sample_dir, capsys):
    files, outcome, fragment, *extra = FILE_CASES[case]
    folder = _folder(tmp_path, sample_dir, files)
    try:
        _check_file_case(tmp_path, folder, files, outcome, fragment, extra, capsys)
    finally:
        remove_deep(tmp_path)


def _check_file_case(tmp_path: Path, folder: Path, files: dict, outcome: str, fragment: str | None, extra: list[str], capsys) -> None:
    before = _tree(tmp_path)
    out = tmp_path / "out"
    code, err = _run(["run", str(folder), "--out", str(out), "-q", "--no-conflicts", "--summarizer", "lead-1", *extra], capsys)
    rows, errors = _outputs(out)
    ids = {r["id"] for r in rows}
    assert set(GOOD) <= ids, "a good article was lost"
    assert "Traceback" not in err
    if outcome == "ok":
        assert code == 0 and not errors and len(ids) > len(GOOD), errors
    elif outcome == "skip":  # not an article (documented): no error line, nothing more summarized
        assert code == 0 and not errors and ids == set(GOOD), (errors, ids)
    elif outcome == "error":
        assert code == 3 and errors, rows
        assert any(fragment in e["message"] for e in errors), errors
        for e in errors:
            assert "\n" not in e["message"] and e["source"] and e["stage"]
            line = [x for x in err.splitlines() if x.startswith("summarize: skipped")]
            assert line, err
        bad_names = [shown(Path(n.lstrip("@")).parts[0]) for n in files]
        assert any(any(b in e["source"] for b in bad_names) for e in errors), "the message must name the file"
    else:
        assert code in (0, 3) and (errors or len(ids) > len(GOOD))
    created = _tree(tmp_path) - before
    assert all(out in p.parents or p == out for p in created), "nothing is written outside --out"


def test_files_that_links_point_to_out_of_the_folder_are_never_published(tmp_path, sample_dir, capsys):
    files = {"../private.txt": SECRET, "@leak.txt": "../private.txt", "@passwd.txt": "/etc/passwd", "@status.txt": "/proc/self/status"}
    folder = _folder(tmp_path, sample_dir, files)
    out = tmp_path / "out"
    code, err = _run(["run", str(folder), "--out", str(out), "-q", "--summarizer", "lead-1"], capsys)
    rows, errors = _outputs(out)
    assert code == 3 and {r["id"] for r in rows} == set(GOOD)
    assert {e["id"] for e in errors} == {"leak", "passwd", "status"} and all(e["stage"] == "load" for e in errors)
    published = b"".join(p.read_bytes() for p in _tree(out) if p.is_file()) + err.encode()
    assert b"SECRET-7731" not in published and b"root:x:0:0" not in published and b"VmRSS" not in published


def test_file_table_is_in_the_docs():
    doc = (REPO / "docs" / "bad-inputs.md").read_text(encoding="utf-8")
    missing = [case for case in [*FILE_CASES, *CLI_CASES, *API_CASES, *CONFIG_CASES, *FAULTS] if f"`{case}`" not in doc]
    assert not missing, missing


# ----------------------------------------------------------------------------------- CLI misuse

CLI_CASES = {
    "missing-input": (lambda t, s: ["run", str(t / "nope"), "--out", str(t / "o")], 2, "no such file or folder; check the path"),
    "empty-folder": (lambda t, s: ["run", str(_mkdir(t / "empty")), "--out", str(t / "o")], 2, "folder has no article files"),
    "folder-of-unsupported-files": (lambda t, s: ["run", str(_write(t / "pics" / "a.png", _png()).parent), "--out", str(t / "o"), "-q"], 1, None),
    "out-is-a-file": (lambda t, s: ["run", str(s), "--out", str(_write(t / "afile", b"x"))], 2, "is a file, not a folder"),
    "out-is-etc-passwd": (lambda t, s: ["run", str(s), "--out", "/etc/passwd"], 2, "is a file, not a folder"),
    "out-unwritable": (lambda t, s: ["run", str(s), "--out", "/proc/summarize-out"], 2, "choose a writable folder"),
    "merged-words-zero": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "--merged-words", "0"], 2, "merged_words=0"),
    "max-chars-negative": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "--max-chars", "-1"], 2, "max_chars=-1"),
    "unknown-language": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "--lang", "xx"], 2, "unknown language code(s) ['xx']"),
    "unknown-summarizer": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "--summarizer", "nope"], 2, "unknown summarizer 'nope'"),
    "bad-summarizer-option": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "--summarizer", "ext-fr", "-O", "candidates=-3"], 2,
                              "candidates must be an integer >= 1"),
    "length-as-summarizer-option": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "-O", "max_words=60"], 2,
                                    "not a summarizer parameter (max_words): ask for it with words= (--words N"),
    "length-as-merger-option": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "-M", "max_words=60"], 2,
                                "the merged summary's length is merged_words (--merged-words)"),
    "references-missing": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "--references", str(t / "none.jsonl")], 2, "references file not found"),
    "references-malformed": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "--references", str(_write(t / "r.jsonl", b"{oops\n"))], 2, "invalid JSON"),
    "references-match-no-id": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "-q", "--no-conflicts", "--references",
                                             str(_write(t / "r.jsonl", json.dumps({"id": "zzz", "summary": "x"}).encode()))], 0, "no ROUGE scores: no reference"),
    "model-folder-empty": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "--model", str(_mkdir(t / "model"))], 2, "is not a model directory (no config.json)"),
    "model-config-corrupt": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "--model", str(_write(t / "m" / "config.json", b"{not json").parent)], 2, "could not load the model from this directory"),
    "hub-offline-set": (lambda t, s: _offline("1") or ["run", str(s), "--out", str(t / "o"), "--model", "barthez"], 2, "summarize download barthez"),
    "hub-offline-unset": (lambda t, s: _offline(None) or ["run", str(s), "--out", str(t / "o"), "--model", "barthez"], 2, "summarize download barthez"),
    # issue 22: an input that is not a regular file, or a link out of its folder: one error line, no hang
    "fifo-as-input": (lambda t, s: ["run", str(_fifo(t / "pipe.txt")), "--out", str(t / "o"), "-q"], 1, "is a named pipe (FIFO), not a regular file"),
    "dev-stdin-as-input": (lambda t, s: ["run", "/dev/stdin", "--out", str(t / "o"), "-q"], 1, "summarize: skipped /dev/stdin: [load]"),
    "symlink-out-of-folder-as-input": (lambda t, s: ["run", str(_link(t / "in" / "leak.txt", _write(t / "private.txt", SECRET))), "--out", str(t / "o"), "-q"], 1,
                                       "links outside the input folder"),
    # issue 22 items 3 and 8: references or predictions that are not regular files never block; --out checked first
    "references-fifo": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "-q", "--references", str(_fifo(t / "refs.jsonl"))], 2,
                        "the references file is a named pipe (FIFO), not a regular file"),
    "references-folder": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "-q", "--references", str(_mkdir(t / "refs"))], 2,
                          "the references file is a folder, not a regular file"),
    "score-predictions-fifo": (lambda t, s: ["score", str(_fifo(t / "pred.jsonl")), str(REFERENCES)], 2,
                               "the predictions file is a named pipe (FIFO), not a regular file"),
    "score-references-fifo": (lambda t, s: ["score", str(_write(t / "pred.jsonl", b'{"id": "a", "prediction": "x"}\n')), str(_fifo(t / "r.jsonl"))], 2,
                              "the references file is a named pipe (FIFO)"),
    "score-merged-json": (lambda t, s: ["score", str(_write(t / "o" / "merged.json", b'{\n  "summary": "x"\n}\n')), str(REFERENCES)], 2,
                          "merged.json is a run's merged summary (one JSON document, not JSONL): score the run's summaries.jsonl instead"),
    "input-empty-string": (lambda t, s: ["run", "", "--out", str(t / "o")], 2, "the input is empty"),
    "out-empty-string": (lambda t, s: ["run", str(s), "--out", ""], 2, "--out is empty; give the folder for the outputs"),
    "out-is-proc": (lambda t, s: ["run", str(s), "--out", "/proc"], 2, "is a system folder (/proc)"),
    "out-in-sys": (lambda t, s: ["run", str(s), "--out", "/sys/summarize-out"], 2, "is a system folder"),
    "out-locked-by-another-run": (lambda t, s: ["run", str(s), "--out", str(_locked(t / "o")), "-q"], 2,
                                  "another run is writing into"),
    "lang-upper-case": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "-q", "--no-conflicts", "--summarizer", "lead-1", "--lang", "FR"], 0, None),
    "lang-trailing-comma": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "-q", "--no-conflicts", "--summarizer", "lead-1", "--lang", "fr,"], 0, None),
    "lang-only-commas": (lambda t, s: ["run", str(s), "--out", str(t / "o"), "--lang", ","], 2, "names no language"),
}

_HELD: list[int] = []  # lock files held by _locked, released after each case (release_locks)


def _locked(out: Path) -> Path:
    """``out`` with its lock held, as by a run still writing into it (process id 12345 written)."""
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / ".summarize.lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(fd, b"12345\n")
    _HELD.append(fd)
    return out


def release_locks() -> None:
    """Release the locks :func:`_locked` holds."""
    while _HELD:
        os.close(_HELD.pop())


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _link(path: Path, target: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


def _offline(value: str | None) -> None:
    if value is None:
        os.environ.pop("HF_HUB_OFFLINE", None)
    else:
        os.environ["HF_HUB_OFFLINE"] = value


@pytest.mark.parametrize("case", list(CLI_CASES), ids=list(CLI_CASES))
def test_cli_misuse_is_one_line_with_the_fix(case, tmp_path, sample_dir, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", os.environ.get("HF_HUB_OFFLINE", ""))  # restored after the test
    build, expected, fragment = CLI_CASES[case]
    try:
        code, err = _run(build(tmp_path, sample_dir), capsys)
    finally:
        release_locks()
    assert code == expected, err
    assert "Traceback" not in err
    if fragment:
        lines = [x for x in err.splitlines() if fragment in x]
        assert lines, err
    if expected == 2:
        assert len([x for x in err.splitlines() if x.startswith("summarize: error:")]) == 1, err


def test_bad_option_types_are_rejected_by_argparse(tmp_path, sample_dir, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["run", str(sample_dir), "--out", str(tmp_path / "o"), "--merged-words", "abc"])
    assert exc.value.code == 2 and "invalid int value: 'abc'" in capsys.readouterr().err


def test_unwritable_out_is_refused_before_any_work(tmp_path, sample_dir, capsys, monkeypatch):
    """A folder that exists but takes no file (read-only mount; root ignores chmod, so the write is
    made to fail): one line, exit 2, and the pipeline is never built."""
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if ".summarize-write-test" in os.fspath(path):
            raise OSError(30, "Read-only file system", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    built = []
    monkeypatch.setattr(os, "open", read_only)
    monkeypatch.setattr("summarize.cli.Pipeline", lambda *a, **k: built.append(1))
    code, err = _run(["run", str(sample_dir), "--out", str(_mkdir(tmp_path / "ro")), "-q"], capsys)
    assert code == 2 and not built, err
    assert err.strip() == f"summarize: error: --out {tmp_path / 'ro'}: cannot write into the folder (Read-only file system); choose a writable folder"


# ----------------------------------------------------------------------------------- report and terminal

def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_report_md_and_the_terminal_show_hostile_names_and_titles_as_text(tmp_path, sample_dir, capsys):
    files = {
        "feed.jsonl": json.dumps({"id": "</code></summary><script>alert(1)</script>", "title": HOSTILE_TITLE, "text": FR * 3}).encode(),
        "\x1b[31mrouge\x1b[0m.txt": (FR * 3).encode(),
        "\x1b]0;pwned\x07titre.txt": b"",  # an empty file, reported on stderr: its name retitles a terminal
        "a|b`c*d.txt": (FR * 3).encode(),
    }
    folder = _folder(tmp_path, sample_dir, files)
    out = tmp_path / "out"
    code = main(["run", str(folder), "--out", str(out), "-q", "--no-conflicts", "--summarizer", "lead-1"])
    printed = capsys.readouterr()
    report = (out / "report.md").read_text(encoding="utf-8")
    assert code == 3
    for text in (report, printed.out, printed.err):
        assert "\x1b" not in text and "\x07" not in text  # no raw ESC or BEL
    assert "summarize: skipped" in printed.err and "\\x1b]0;pwned\\x07titre.txt" in printed.err
    # rendered as a Markdown viewer does, raw HTML allowed: the hostile tags are text, never tags
    markdown_it = pytest.importorskip("markdown_it")
    rendered = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(report)
    assert "<script" not in rendered.lower() and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    for tag in ("details", "summary", "code"):  # every element the report opens is closed by the report
        assert rendered.count(f"<{tag}>") == rendered.count(f"</{tag}>") > 0, tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*gras\\* \\`code\\` [lien\\](http://x) \\\\\\| fin" in report
    lines = report.splitlines()
    start = lines.index("| id | title | lang | words in | words out | compression | time (s) |")
    table = lines[start: lines.index("", start)]  # header, rule and one row per summarized article
    assert len(table) == 2 + 5 and all(_unescaped_pipes(line) == 8 for line in table), table
    assert "| \\x1b[31mrouge\\x1b[0m |" in report  # the id of the ANSI-named file, escaped


# ----------------------------------------------------------------------------------- Pipeline API

def _pipeline() -> Any:
    from summarize import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig(summarizer="lead-1", conflicts=False, progress=False))


def _config(**kwargs: Any) -> Any:
    from summarize import PipelineConfig

    return PipelineConfig(**kwargs)


# name -> (call, expected): ("raises", exception type, message fragment) or ("gives", value)
CONFIG_CASES: dict[str, tuple[Callable[[], Any], tuple]] = {
    "config-summarizer-none": (lambda: _config(summarizer=None), ("raises", TypeError, "PipelineConfig(summarizer=None): expected a string")),
    "config-batch-size-float": (lambda: _config(batch_size=2.5), ("raises", TypeError, "PipelineConfig(batch_size=2.5): expected a whole number (int), got float")),
    "config-batch-size-zero": (lambda: _config(batch_size=0), ("raises", ValueError, "batch_size=0 (both >= 1)")),
    "config-workers-negative": (lambda: _config(workers=-2), ("raises", ValueError, "invalid workers=-2")),
    "config-words-negative": (lambda: _config(words=-3), ("raises", ValueError, "PipelineConfig(words=-3): a summary length is >= 1")),
    "config-merged-words-string": (lambda: _config(merged_words="150"), ("raises", TypeError, "PipelineConfig(merged_words='150'): expected a whole number")),
    "config-max-chars-bool": (lambda: _config(max_chars=True), ("raises", TypeError, "got bool")),
    "config-conflicts-string": (lambda: _config(conflicts="no"), ("raises", TypeError, "PipelineConfig(conflicts='no'): expected True or False")),
    "config-options-none": (lambda: _config(summarizer_options=None), ("raises", TypeError, "expected a mapping of parameters")),
    "config-languages-a-string": (lambda: _config(languages="fr").languages, ("gives", ("fr",))),
    "config-languages-mixed-case": (lambda: _config(languages="FR, en,").languages, ("gives", ("fr", "en"))),
    "config-languages-a-list": (lambda: _config(languages=["fr", " EN "]).languages, ("gives", ("fr", "en"))),
    "config-languages-empty": (lambda: _config(languages=","), ("raises", ValueError, "names no language")),
    "config-languages-not-strings": (lambda: _config(languages=["fr", 1]), ("raises", TypeError, "expected language codes")),
    "config-numpy-integer": (lambda: _config(batch_size=__import__("numpy").int64(8)).batch_size, ("gives", 8)),
    "run-none": (lambda: _pipeline().run(None), ("raises", TypeError, "cannot load articles from NoneType")),
    "run-number": (lambda: _pipeline().run(123), ("raises", TypeError, "cannot load articles from int")),
    "run-one-dict": (lambda: len(_pipeline().run({"id": "x", "text": FR * 3}).summaries), ("gives", 1)),
    "run-known-a-string": (lambda: _pipeline().run([{"id": "x", "text": FR * 3}], known="Une phrase."),
                           ("raises", TypeError, "known=...: expected a sequence of sentences (strings)")),
    "run-into-a-string": (lambda: _pipeline().run_into("articles.txt", __import__("summarize.pipeline").pipeline.RunSink()),
                          ("raises", TypeError, "run_into(items=...): expected an iterable of Article")),
}


def run_config_case(name: str) -> tuple[Any, BaseException | None]:
    """``(value, None)`` or ``(None, the exception)`` of the case's call."""
    try:
        return CONFIG_CASES[name][0](), None
    except (TypeError, ValueError) as exc:
        return None, exc


@pytest.mark.parametrize("case", list(CONFIG_CASES), ids=list(CONFIG_CASES))
def test_the_pipeline_api_names_a_wrong_argument(case):
    value, exc = run_config_case(case)
    expected = CONFIG_CASES[case][1]
    if expected[0] == "raises":
        assert isinstance(exc, expected[1]) and expected[2] in str(exc), exc
        assert exc.__traceback__ is not None and len(__import__("traceback").extract_tb(exc.__traceback__)) <= 6, "raised from deep inside"
    else:
        assert exc is None and value == expected[1], (value, exc)


# ----------------------------------------------------------------------------------- loader API

def _api_folder(t: Path, **files: Any) -> Path:
    """A folder with two small articles, plus ``files`` (see :func:`_folder`; "@" names a link)."""
    folder = t / "in"
    _mkdirs(folder)
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text(FR * 3, encoding="utf-8")
    for name, data in files.items():
        if name.startswith("at_"):
            (folder / name[3:]).symlink_to(data)
        elif data == FIFO:
            os.mkfifo(folder / name)
        else:
            _mkdirs((folder / name).parent)
            (folder / name).write_bytes(data)
    return folder


def _jsonl(t: Path, *lines: bytes) -> Path:
    path = t / "feed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _record(rid: str, **fields: str) -> bytes:
    return json.dumps({"id": rid, "text": FR * 3, **fields}).encode()


def _denied(t: Path) -> Path:
    folder = _api_folder(t)
    _mkdirs(folder / "locked")
    (folder / "locked" / "c.txt").write_text(FR * 3, encoding="utf-8")
    return folder / "locked"


# name -> (build(tmp) -> (source, options of load_corpus), expected)
# expected: ("raises", exception type, message fragment) or ("loads", articles, errors, fragment of an error)
# An option "unreadable": [folders] makes those folders unreadable (chmod 000; emulated for root).
API_CASES: dict[str, tuple[Callable[[Path], tuple[Any, dict]], tuple]] = {
    "api-none": (lambda t: (None, {}), ("raises", TypeError, "cannot load articles from NoneType; give a folder or file path")),
    "api-number": (lambda t: (123, {}), ("raises", TypeError, "cannot load articles from int")),
    "api-bytes": (lambda t: (FR.encode(), {}), ("raises", TypeError, "cannot load articles from bytes")),
    "api-empty-path": (lambda t: ("", {}), ("raises", ValueError, "the input path is empty")),
    "api-max-bytes-zero": (lambda t: (_api_folder(t), {"max_bytes": 0}), ("raises", ValueError, "max_bytes=0")),
    "api-one-dict": (lambda t: ({"id": "x", "text": FR * 3}, {}), ("loads", 1, 0, None)),
    "api-lone-surrogate-in-a-dict": (lambda t: ([{"id": "ok", "text": FR}, {"id": "bad\ud800", "text": FR}], {}), ("loads", 1, 1, "lone surrogate (U+D800)")),
    "api-follow-links-reads-a-file-out-of-the-folder": (
        lambda t: (_api_folder(t, **{"at_leak.txt": _write(t / "private.txt", SECRET)}), {"follow_links": True}), ("loads", 3, 0, None)),
    "api-follow-links-never-reads-proc": (
        lambda t: (_api_folder(t, **{"at_status.txt": "/proc/self/status"}), {"follow_links": True}), ("loads", 2, 1, "links to a system file")),
    "api-follow-links-never-reads-dev-zero": (
        lambda t: (_api_folder(t, **{"at_zero.txt": "/dev/zero"}), {"follow_links": True}), ("loads", 2, 1, "links to a character device")),
    "api-link-as-input-file": (
        lambda t: (_link(t / "in" / "leak.txt", _write(t / "private.txt", SECRET)), {}), ("loads", 0, 1, "links outside the input folder")),
    "api-link-as-input-file-allowed": (
        lambda t: (_link(t / "in" / "leak.txt", _write(t / "private.txt", SECRET)), {"follow_links": True}), ("loads", 1, 0, None)),
    "api-unreadable-folder": (lambda t: (_denied(t).parent, {"unreadable": [t / "in" / "locked"]}),
                              ("loads", 2, 1, "folder cannot be read (Permission denied)")),
    "api-unreadable-folder-as-input": (lambda t: (_denied(t), {"unreadable": [t / "in" / "locked"]}),
                                       ("loads", 0, 1, "folder cannot be read (Permission denied)")),
    "api-jsonl-records-after-a-deep-line": (lambda t: (_jsonl(t, _record("a"), b"[" * 50_000, _record("b")), {}), ("loads", 2, 1, "nested too deeply")),
    "api-jsonl-records-after-a-huge-integer": (lambda t: (_jsonl(t, _record("a"), b"[" + b"9" * 100_000 + b"]", _record("b")), {}),
                                               ("loads", 2, 1, "Exceeds the limit (4300 digits)")),
    "api-jsonl-line-over-max-bytes": (lambda t: (_jsonl(t, _record("a"), _record("long", title="x" * 5_000), _record("b")), {"max_bytes": 2_000}),
                                      ("loads", 2, 1, "over the 2,000-byte limit")),
    "api-file-over-max-bytes": (lambda t: (_api_folder(t, **{"c.txt": (FR * 20).encode()}), {"max_bytes": 2_000}), ("loads", 2, 1, "over the 2,000-byte limit")),
}


def run_api_case(name: str, tmp: Path) -> tuple[Any, Any]:
    """``(corpus, None)`` or ``(None, the exception)`` of ``load_corpus`` on the case's input."""
    build, _ = API_CASES[name]
    source, options = build(tmp)
    with _unreadable(options.pop("unreadable", [])):
        try:
            return load_corpus(source, **options), None
        except (TypeError, ValueError) as exc:
            return None, exc


@contextlib.contextmanager
def _unreadable(folders: list[Path]) -> Iterator[None]:
    """The folders cannot be listed: chmod 000; for root (whom permissions do not stop), listing
    them raises the PermissionError a user would get."""
    real = os.scandir
    keep = [(f, f.stat().st_mode) for f in folders]

    def scandir(path: Any = ".") -> Any:
        if any(os.path.realpath(path) == os.path.realpath(f) for f in folders):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    for f in folders:
        f.chmod(0)
    if os.geteuid() == 0:
        os.scandir = scandir  # type: ignore[assignment]
    try:
        yield
    finally:
        os.scandir = real  # type: ignore[assignment]
        for f, mode in keep:
            f.chmod(mode)


@pytest.mark.parametrize("case", list(API_CASES), ids=list(API_CASES))
def test_the_loader_api_takes_any_input_and_reports_what_it_cannot_load(case, tmp_path):
    corpus, exc = run_api_case(case, tmp_path)
    expected = API_CASES[case][1]
    if expected[0] == "raises":
        assert isinstance(exc, expected[1]) and expected[2] in str(exc), exc
        return
    assert exc is None, exc
    _, articles, errors, fragment = expected
    assert (len(corpus.articles), len(corpus.errors)) == (articles, errors), corpus.errors
    if fragment:
        assert fragment in corpus.errors[0].message and corpus.errors[0].stage == "load"
        json.dumps(corpus.errors[0].to_dict(), ensure_ascii=False).encode("utf-8")  # writable as errors.jsonl


# ----------------------------------------------------------------------------------- faults

FAULTS = ("kill-9-keeps-earlier-output", "two-runs-into-one-out", "full-disk", "hash-seed-determinism", "10000-tiny-files",
          "ctrl-c-then-resume", "stale-run-folders", "kill-9-then-resume", "kill-9-then-resume-ray", "kill-while-publishing",
          "ray-same-outputs-as-local", "ray-daemons-after-a-killed-run", "resume-with-another-input", "c1-controls-in-utf-8")


def _cli(args: list[str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "summarize", *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


@pytest.mark.slow
def test_kill_9_during_a_run_leaves_the_earlier_output_intact(tmp_path, sample_dir):
    out = tmp_path / "out"
    assert _cli(["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts"]).wait() == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = _cli(["run", str(sample_dir), "--out", str(out), "-q", "--references", str(REFERENCES)])
    time.sleep(3)  # importing, loading spaCy, summarizing: killed before or while writing
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    for name, data in before.items():  # every earlier file is still there, whole (or fully replaced)
        json.loads(after[name]) if name.endswith(".json") else None
        assert name in after and (after[name] == data or name in ("report.md", "merged.json", "summaries.jsonl", "errors.jsonl"))
    for line in after["summaries.jsonl"].decode().splitlines():
        json.loads(line)  # never half a file


@pytest.mark.slow
def test_two_runs_into_one_out_leave_complete_files(tmp_path, sample_dir):
    out = tmp_path / "out"
    procs = [_cli(["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts", "--summarizer", s]) for s in ("lead-1", "lead-2")]
    codes = [p.wait() for p in procs]
    # the second one to take the lock stops at once (or both ran, one after the other)
    assert sorted(codes) in ([0, 0], [0, 2]), codes
    for proc, code in zip(procs, codes):
        if code == 2:
            err = proc.stderr.read().decode()
            assert "another run is writing into" in err and "Traceback" not in err and len(err.splitlines()) == 1, err
    rows = [json.loads(x) for x in (out / "summaries.jsonl").read_text().splitlines()]
    assert len(rows) == 5 and len({r["model"] for r in rows}) == 1  # one run's file, whole
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp") or p.name == ".summarize.lock"]


def test_ctrl_c_is_one_line_and_resume_says_what_was_resumed(tmp_path, sample_dir, capsys, monkeypatch):
    from summarize.pipeline import Pipeline

    out = tmp_path / "out"
    args = ["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts", "--summarizer", "lead-1"]

    def interrupted(self, *a, **k):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:  # Ctrl-C once every article is summarized, while merging
        m.setattr(Pipeline, "merge_story", interrupted)
        code, err = _run(args, capsys)
    assert code == 130 and "Traceback" not in err
    assert err.splitlines() == ["summarize: interrupted; the earlier outputs are whole; run again with --resume to go on from the articles done"]
    assert len(list(out.glob(".run-*"))) == 1 and not (out / ".summarize.lock").exists()
    code = main([*args, "--resume"])
    printed = capsys.readouterr()
    assert code == 0 and printed.out.startswith("5 summarized (5 resumed), 0 skipped"), printed
    report = (out / "report.md").read_text(encoding="utf-8")
    first = report.splitlines()[2]
    assert first.startswith("5 article(s) summarized with `lead-1` (resumed: 5 of them done before the run was interrupted) in "), first
    assert "`(resumed)`" not in report  # not listed as if it were a summarizer
    assert not list(out.glob(".run-*"))


def test_a_completed_run_removes_the_folders_of_interrupted_runs(tmp_path, sample_dir, capsys):
    out = tmp_path / "out"
    for name in (".run-999999-abcdef", ".run-999998-012345"):
        _write(out / name / "run.json.partial", b'{"summarizer": "other"}')
        _write(out / name / "summaries.jsonl.partial", b"")
    code, err = _run(["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts", "--summarizer", "lead-1"], capsys)
    assert code == 0 and not list(out.glob(".run-*")) and not (out / ".summarize.lock").exists()
    assert f"summarize: removed 2 partial run folder(s) (.run-*) left in {out} by interrupted runs" in err


def test_the_lock_of_the_output_folder(tmp_path):
    from summarize.run import LOCK_FILE, OutputBusyError, lock_output

    with lock_output(tmp_path):
        assert (tmp_path / LOCK_FILE).read_text().strip() == str(os.getpid())
        with pytest.raises(OutputBusyError, match=r"another run is writing into .* \(process \d+, lock file"):
            with lock_output(tmp_path):
                pass
    assert not (tmp_path / LOCK_FILE).exists()
    (tmp_path / LOCK_FILE).write_text("4242\n")  # left by a run killed with kill -9: no lock held
    with lock_output(tmp_path):
        pass


# A real full disk (a small tmpfs, mounted as root), and the same fault raised by the write itself.
@pytest.mark.parametrize("disk", [pytest.param("tmpfs", marks=pytest.mark.root), "raised"])
def test_a_full_disk_is_one_line_and_earlier_outputs_stay(disk, tmp_path, sample_dir, capsys, monkeypatch):
    mount = tmp_path / "tiny"
    mount.mkdir()
    mounted = False
    if disk == "tmpfs":
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(mount)], capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip() or proc.returncode}")
        mounted = True
    try:
        out = mount / "out"
        out.mkdir()
        (out / "summaries.jsonl").write_text('{"id": "earlier"}\n')
        if mounted:  # leave about 2 KB free: the outputs cannot fit
            free = shutil.disk_usage(mount).free
            with contextlib.suppress(OSError):
                (mount / "filler").write_bytes(b"x" * max(free - 2048, 0))
        else:  # the same fault, raised by the write itself
            real = os.fdopen

            def full(fd, *args, **kwargs):
                handle = real(fd, *args, **kwargs)
                handle.write = lambda data: (_ for _ in ()).throw(OSError(28, "No space left on device"))
                return handle

            monkeypatch.setattr(os, "fdopen", full)
        args = ["run", str(sample_dir), "--out", str(out), "-q", "--no-conflicts", "--summarizer", "lead-3"]
        code, err = _run(args, capsys)
        assert code == 2 and "No space left on device" in err and "no file there is half written" in err
        assert (out / "summaries.jsonl").read_text() in ('{"id": "earlier"}\n',) or (out / "summaries.jsonl").read_text().count("\n") == 5
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    finally:
        if mounted:
            subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.slow
def test_outputs_are_the_same_across_hash_seeds(tmp_path, sample_dir):
    texts = []
    for seed in ("0", "12345"):
        out = tmp_path / seed
        proc = _cli(["run", str(sample_dir), "--out", str(out), "-q"], env={**os.environ, "PYTHONHASHSEED": seed})
        assert proc.wait() == 0
        rows = [json.loads(x) for x in (out / "summaries.jsonl").read_text().splitlines()]
        # stories.jsonl holds the conflicts (detection is on): the same ones, in the same order
        texts.append(([{k: v for k, v in r.items() if k != "time_s"} for r in rows], (out / "merged.json").read_text(), (out / "stories.jsonl").read_text()))
    assert '"conflicts": [{' in texts[0][2]
    assert texts[0] == texts[1]


@pytest.mark.slow
def test_10000_tiny_files(tmp_path, sample_dir, capsys):
    folder = _folder(tmp_path, sample_dir, {f"tiny/{i:05d}.txt": b"Bonjour." for i in range(10_000)})
    out = tmp_path / "out"
    code, err = _run(["run", str(folder), "--out", str(out), "-q", "--no-conflicts", "--summarizer", "lead-1"], capsys)
    rows, errors = _outputs(out)
    assert code == 3 and {r["id"] for r in rows} == set(GOOD) and len(errors) == 10_000
    assert all("only 1 words left" in e["message"] for e in errors)


def test_outputs_inside_the_input_folder_are_not_read_back(tmp_path, sample_dir, capsys):
    folder = _folder(tmp_path, sample_dir, {})
    out = folder / "out"
    for _ in range(2):
        code, err = _run(["run", str(folder), "--out", str(out), "-q", "--no-conflicts", "--summarizer", "lead-1"], capsys)
        rows, errors = _outputs(out)
        assert code == 0 and sorted(r["id"] for r in rows) == list(GOOD) and not errors, err


def test_jsonl_files_in_sub_folders_keep_distinct_default_ids(tmp_path, sample_dir, capsys):
    record = json.dumps({"text": FR * 3}).encode()
    folder = _folder(tmp_path, sample_dir, {"a/feed.jsonl": record, "b/feed.jsonl": record})
    code, _ = _run(["run", str(folder), "--out", str(tmp_path / "out"), "-q", "--no-conflicts", "--summarizer", "lead-1"], capsys)
    rows, errors = _outputs(tmp_path / "out")
    assert code == 0 and {"a/feed-1", "b/feed-1"} <= {r["id"] for r in rows} and not errors
