#!/usr/bin/env python3
"""Copies each #region of docs/snippets/*.cs into the docs' fenced csharp block marked with its name.

A block in README.md, CONTRIBUTING.md, src/*/PACKAGE.md or docs/*.md is marked by the line
"<!-- snippet: Name -->" just above its opening fence. Run from anywhere; rewrites the files in place.
The test DocsTests.EveryCSharpBlockInTheDocs_IsACompiledSnippet checks the same thing in CI.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def regions():
    found = {}
    for path in glob.glob(os.path.join(ROOT, "docs", "snippets", "*.cs")):
        lines = open(path, encoding="utf-8").read().splitlines()
        name, body = None, []
        for line in lines:
            m = re.match(r"\s*#region (\w+)\s*$", line)
            if m:
                name, body = m.group(1), []
            elif name and re.match(r"\s*#endregion", line):
                indent = min((len(l) - len(l.lstrip()) for l in body if l.strip()), default=0)
                found[name] = "\n".join(l[indent:] for l in body)
                name = None
            elif name:
                body.append(line)
    return found


def docs():
    paths = [os.path.join(ROOT, "README.md"), os.path.join(ROOT, "CONTRIBUTING.md")]
    paths += glob.glob(os.path.join(ROOT, "src", "*", "PACKAGE.md"))
    paths += glob.glob(os.path.join(ROOT, "docs", "*.md"))
    return [p for p in paths if os.path.exists(p)]


def main():
    snippets = regions()
    missing = 0
    for path in docs():
        text = open(path, encoding="utf-8").read()

        def replace(m):
            nonlocal missing
            name = m.group(1)
            if name not in snippets:
                print(f"{os.path.relpath(path, ROOT)}: no region named {name}", file=sys.stderr)
                missing += 1
                return m.group(0)
            return f"<!-- snippet: {name} -->\n```csharp\n{snippets[name]}\n```"

        # The block runs from its opening fence to the next line that is only a fence (an empty block included).
        new = re.sub(r"^<!-- snippet: (\w+) -->\n```csharp\n(?:.*?\n)??```$", replace, text, flags=re.S | re.M)
        if new != text:
            open(path, "w", encoding="utf-8").write(new)
            print(f"updated {os.path.relpath(path, ROOT)}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
