"""LibreOffice UNO helper: update every index and field, save the .docx back, export a PDF.

Run with the Python that has the ``uno`` module (Debian: /usr/bin/python3 with python3-uno),
as a separate process, because python3-uno is built for the system interpreter and not for the
virtual environment reportgen runs in.  Usage::

    python3 uno_update.py SOFFICE PROFILE_DIR IN.docx OUT.docx OUT.pdf [IN2 OUT2 PDF2 ...]

Several documents reuse one LibreOffice process.  Indexes are updated twice: the first pass may
make the 目录 longer (moving the pages after it); the second pass writes the final numbers.

LibreOffice must not outlive reportgen (kill -9 of reportgen during the PDF step used to leave
soffice running).  reportgen starts this helper as the leader of a new process group; soffice is
started in the same group.  The helper asks Linux for SIGTERM when its parent dies
(prctl PR_SET_PDEATHSIG) and a watchdog thread also checks every half second that its parent
(REPORTGEN_PARENT_PID) is still there; either way the whole group is killed.

``python3 uno_update.py SOFFICE PROFILE_DIR --stdin`` keeps LibreOffice running and reads one job a
line from standard input (``IN.docx<TAB>OUT.docx<TAB>OUT.pdf``), answering each with a line
``OK IN.docx`` or ``FAIL IN.docx reason``; it stops at the end of the input (``reportgen build``
of several projects keeps one such process per worker, and it dies with that worker).
"""
import os
import signal
import subprocess
import sys
import threading
import time

_PROC = []


def _kill_all(*_):
    """Kill soffice (its whole process group) and this helper."""
    try:
        if hasattr(os, "killpg") and os.getpgrp() == os.getpid():
            os.killpg(os.getpgrp(), signal.SIGKILL)          # this helper is the group leader: all go
    except OSError:
        pass
    for proc in _PROC:
        try:
            if os.name == "nt":        # soffice.exe starts soffice.bin: end the whole tree
                subprocess.run(["taskkill", "/T", "/F", "/PID", str(proc.pid)], capture_output=True, timeout=30)
            proc.kill()
        except (OSError, subprocess.SubprocessError):
            pass
    os._exit(5)


def _parent_alive(parent):
    if os.name == "posix":
        return os.getppid() == parent
    try:
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, parent)
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259
    except Exception:  # noqa: BLE001 - cannot tell: assume alive
        return True


def _die_with_parent():
    parent = int(os.environ.get("REPORTGEN_PARENT_PID") or os.getppid())
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _kill_all)
    if not _parent_alive(parent):
        _kill_all()

    def watch():
        while True:
            time.sleep(0.5)
            if not _parent_alive(parent):
                _kill_all()

    threading.Thread(target=watch, daemon=True).start()
    return parent


def keep_tables_whole(doc):
    """Word keeps a table on one page when the paragraphs of its rows but the last are “keep with
    next” (render/pages.py marks the short tables so); LibreOffice ignores that inside tables, so
    such a table — read from the first cell of each row, one call a row — gets its own “do not
    split” property here and the PDF breaks pages as Word does.  A table longer than a page still
    breaks where it must."""
    tables = doc.getTextTables()
    for i in range(tables.getCount()):
        table = tables.getByIndex(i)
        last = table.getRows().getCount()
        if last < 2 or last > 60:
            continue
        names = set(table.getCellNames())
        kept = True
        for row in range(1, last):       # the first cell of every row but the last (merged cells keep it)
            if "A%d" % row not in names:
                kept = False
                break
            paras = table.getCellByName("A%d" % row).getText().createEnumeration()
            while kept and paras.hasMoreElements():
                para = paras.nextElement()
                if para.supportsService("com.sun.star.text.Paragraph") and not para.ParaKeepTogether:
                    kept = False
            if not kept:
                break
        if kept:
            table.Split = False


def main(argv):
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException

    parent = _die_with_parent()
    soffice, profile = argv[0], argv[1]
    jobs = argv[2:]
    pipe = "reportgen%d" % os.getpid()
    proc = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _PROC.append(proc)

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(600):
            if proc.poll() is not None:
                print("LibreOffice exited during start-up (code %s)" % proc.returncode, file=sys.stderr)
                return 3
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except NoConnectException:
                time.sleep(0.1)
        if ctx is None:
            print("could not connect to LibreOffice", file=sys.stderr)
            return 3
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        if os.environ.get("REPORTGEN_TEST_KILL_AT") == "pdf":
            os.kill(parent, signal.SIGKILL)      # test hook: reportgen killed while LibreOffice works

        def run(src, out_docx, out_pdf):
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                               (prop("Hidden", True),))
            if doc is None:
                return "could not open %s" % src
            try:
                keep_tables_whole(doc)
                indexes = doc.getDocumentIndexes()
                for _ in range(2):
                    doc.refresh()
                    for k in range(indexes.getCount()):
                        indexes.getByIndex(k).update()
                doc.getTextFields().refresh()
                if out_docx != "-":
                    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out_docx)),
                                   (prop("FilterName", "MS Word 2007 XML"),))
                if out_pdf != "-":
                    data = (prop("EmbedStandardFonts", True), prop("ExportBookmarks", True),
                            prop("UseTaggedPDF", True))
                    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out_pdf)),
                                   (prop("FilterName", "writer_pdf_Export"),
                                    prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", data))))
            finally:
                doc.close(True)
            return None

        if jobs == ["--stdin"]:
            for line in sys.stdin:
                parts = line.rstrip("\r\n").split("\t")
                if len(parts) != 3:
                    continue
                try:
                    problem = run(*parts)
                except Exception as exc:  # noqa: BLE001 - reported to the caller, the next job goes on
                    problem = "%s: %s" % (exc.__class__.__name__, exc)
                if proc.poll() is not None:
                    problem = problem or "LibreOffice exited"
                print(("FAIL %s %s" % (parts[0], problem)) if problem else ("OK %s" % parts[0]), flush=True)
                if proc.poll() is not None:
                    return 3
        else:
            for i in range(0, len(jobs), 3):
                src, out_docx, out_pdf = jobs[i:i + 3]
                problem = run(src, out_docx, out_pdf)
                if problem:
                    print(problem, file=sys.stderr)
                    return 4
                print("OK %s" % src, flush=True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the process is killed below anyway
            pass
        return 0
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
