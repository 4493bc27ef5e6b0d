"""LibreOffice UNO helper: update every index and field, save the .docx back, export a PDF.

Run with the Python that has the ``uno`` module (Debian: /usr/bin/python3 with python3-uno),
as a separate process, because python3-uno is built for the system interpreter and not for the
virtual environment reportgen runs in.  Usage::

    python3 uno_update.py SOFFICE PROFILE_DIR IN.docx OUT.docx OUT.pdf [IN2 OUT2 PDF2 ...]

Several documents reuse one LibreOffice process.  Indexes are updated twice: the first pass may
make the 目录 longer (moving the pages after it); the second pass writes the final numbers.
"""
import os
import subprocess
import sys
import time


def main(argv):
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException

    soffice, profile = argv[0], argv[1]
    jobs = argv[2:]
    pipe = "reportgen%d" % os.getpid()
    proc = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

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
        for i in range(0, len(jobs), 3):
            src, out_docx, out_pdf = jobs[i:i + 3]
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                               (prop("Hidden", True),))
            if doc is None:
                print("could not open %s" % src, file=sys.stderr)
                return 4
            try:
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
