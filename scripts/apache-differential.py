#!/usr/bin/env python3
"""Runs mod_rewrite cases through a real Apache httpd (Debian's apache2) and prints what it did.

Not part of CI. Usage: scripts/apache-differential.py CASES [--swift OUT.swift]

CASES format: `=== name` starts a case; the following lines up to the first `--- ` line are the
rules (server context; `RewriteEngine On` is added; `@DIR@` becomes a scratch directory holding
the case's map files, written from `@file NAME` ... `@end` blocks); each `--- URL [Header: value]...`
line is one GET request. Each request's outcome is printed as
  URL <decoded path>[?query]      the request went on to this path (rewritten or not)
  REDIRECT <status> <Location>
  STATUS <code>                   an answer by the rules ([F], [G], [R=4xx], 400, 500)
The outcome comes from the access log (status, Location, args) and mod_rewrite's trace
(`go-ahead with FILENAME`, or the URL handed on by [PT]), since the file need not exist. Apache
merges slashes and removes dot segments before mod_rewrite sees the path (server core, not the
engine's business), so requests need none of them.
"""
import os, re, socket, subprocess, sys, tempfile, time, urllib.parse

MODULES = "/usr/lib/apache2/modules"
HTTPD = "/usr/sbin/apache2"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def parse_cases(text):
    cases, cur, files, fname = [], None, {}, None
    for line in text.splitlines():
        if fname is not None:
            if line == "@end": fname = None
            else: cur["files"][fname] += line + "\n"
            continue
        if line.startswith("=== "):
            cur = {"name": line[4:].strip(), "rules": [], "requests": [], "files": {}}
            cases.append(cur)
        elif cur is None or (not line.strip() and not cur["requests"]) or line.startswith("#"):
            continue
        elif line.startswith("@file "):
            fname = line[6:].strip(); cur["files"][fname] = ""
        elif line.startswith("--- "):
            parts = line[4:].split(" ", 1)
            headers = [h.strip() for h in parts[1].split("|")] if len(parts) > 1 else []
            cur["requests"].append((parts[0], headers))
        elif line.strip():
            cur["rules"].append(line)
    return cases


def request(port, url, headers):
    names = {h.split(":", 1)[0].lower() for h in headers}
    lines = [f"GET {url} HTTP/1.1"] + ([] if "host" in names else ["Host: example.test"]) + headers + ["Connection: close", "", ""]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall("\r\n".join(lines).encode("latin-1"))
        while s.recv(65536): pass


def run_case(case, work):
    port = free_port()
    d = tempfile.mkdtemp(dir=work)
    docroot = os.path.join(d, "docroot"); os.makedirs(docroot)
    for name in ("exists.txt", "exists.html"):
        open(os.path.join(docroot, name), "w").write(name)
    for name, body in case["files"].items():
        open(os.path.join(d, name), "w").write(body)
    rules = "\n".join(r.replace("@DIR@", d) for r in case["rules"])
    conf = f"""ServerRoot {d}
Listen 127.0.0.1:{port}
LoadModule mpm_prefork_module {MODULES}/mod_mpm_prefork.so
LoadModule rewrite_module {MODULES}/mod_rewrite.so
LoadModule mime_module {MODULES}/mod_mime.so
LoadModule authn_core_module {MODULES}/mod_authn_core.so
LoadModule authz_core_module {MODULES}/mod_authz_core.so
PidFile {d}/httpd.pid
ErrorLog {d}/error.log
LogLevel warn rewrite:trace2
LogFormat "%>s|%{{Location}}o|%q|%{{Content-Type}}o" probe
CustomLog {d}/access.log probe
ServerName example.test:80
DocumentRoot {docroot}
TypesConfig /dev/null
AddType text/plain .txt
RewriteEngine On
{rules}
"""
    open(os.path.join(d, "httpd.conf"), "w").write(conf)
    proc = subprocess.Popen([HTTPD, "-X", "-f", os.path.join(d, "httpd.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            if not os.path.exists(os.path.join(d, "httpd.pid")): raise OSError
            socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
        except OSError:
            if proc.poll() is not None:
                return [(u, "CONFIG ERROR " + proc.stderr.read().decode().strip().replace("\n", " ")) for u, _ in case["requests"]]
            time.sleep(0.05)
    results, alog, elog = [], os.path.join(d, "access.log"), os.path.join(d, "error.log")
    for url, headers in case["requests"]:
        a0, e0 = os.path.getsize(alog) if os.path.exists(alog) else 0, os.path.getsize(elog)
        request(port, url, headers)
        time.sleep(0.05)
        access = open(alog, encoding="latin-1").read()[a0:].strip().splitlines()[-1]
        trace = open(elog, encoding="latin-1").read()[e0:]
        status, location, query, ctype = access.split("|")
        goahead = re.findall(r"go-ahead with (.*?) \[OK\]", trace) + re.findall(r"forcing '(.*?)' to get passed through", trace)
        if query == "?": query = ""  # an empty query (r->args "") is no query
        if goahead:
            path = goahead[-1]
            if path.startswith(docroot): path = path[len(docroot):]
            out = "URL " + path + query
        elif location != "-" and status.startswith("3"):
            out = f"REDIRECT {status} {location}"
        elif "pass through" in trace:
            out = "URL " + urllib.parse.unquote(url.split("?")[0]) + query
        else:
            out = f"STATUS {status}"
        if status == "200" and ctype != "-": out += f" TYPE {ctype}"
        results.append((url, out, headers))
    proc.terminate(); proc.wait()
    return results


def swift_literal(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main():
    cases = parse_cases(open(sys.argv[1]).read())
    work = tempfile.mkdtemp(prefix="apache-diff-")
    version = subprocess.run([HTTPD, "-v"], capture_output=True, text=True).stdout.splitlines()[0]
    rows = []
    for case in cases:
        for url, out, headers in run_case(case, work):
            print(f"{case['name']} | {url} -> {out}")
            rows.append((case, url, headers, out))
    if "--swift" in sys.argv:
        out = sys.argv[sys.argv.index("--swift") + 1]
        with open(out, "w") as f:
            f.write(f"// Generated by scripts/apache-differential.py from {os.path.basename(sys.argv[1])}; {version}.\n")
            f.write("extension ModRewriteApacheVerifiedTests {\n    static let observed: [Case] = [\n")
            for case, url, headers, o in rows:
                files = ", ".join(f"{swift_literal(k)}: {swift_literal(v)}" for k, v in case["files"].items()) or ":"
                hs = ", ".join(swift_literal(h) for h in headers)
                f.write(f"        Case({swift_literal(case['name'])}, rules: {swift_literal(chr(10).join(case['rules']))},\n")
                f.write(f"             url: {swift_literal(url)}, headers: [{hs}], files: [{files}], apache: {swift_literal(o)}),\n")
            f.write("    ]\n}\n")


main()
