"""Open a workbook in LibreOffice Calc, type into cells as a user would, save it as .xlsx.

Run with the Python that has LibreOffice's `uno` module (Debian: python3-uno, for
/usr/bin/python3), not the project's virtualenv:

    /usr/bin/python3 tools/libreoffice_edit.py in.xlsx out.xlsx "G8=12,5" "H9="

Each edit is CELL=TEXT on the first sheet. TEXT is typed through Calc's own input line
with the Slovenian locale (sl-SI), so "12,5" and "1.234,50" are numbers and "15.3.2017"
a date, as on a Slovenian desktop; "\\n" in TEXT is a line break within the cell
(Calc's Ctrl+Enter). An empty TEXT deletes the cell's content (the Delete key). Without
edits the workbook is only opened and saved; to out.ods it is saved in Calc's own
format. LibreOffice runs headless with a profile of its own in a temporary folder, so
the user's settings are neither used nor changed. (Headless Calc drops the frozen
panes when it saves; Calc with a window is reported to keep them. The import does not
need them.)
"""

import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

# Calc's filters for "Excel 2007-365" and its own format, by the target's suffix.
FILTERS = {".xlsx": "Calc MS Excel 2007 XML", ".ods": "calc8"}
# What the Delete key removes in Calc: values, texts, dates, formulas; formats stay.
CONTENTS = 1 | 2 | 4 | 16  # VALUE | DATETIME | STRING | FORMULA
PROFILE_LOCALE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale"
 oor:op="fuse"><value>sl-SI</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale"
 oor:op="fuse"><value>sl-SI</value></prop></item>
</oor:items>
"""


def _props(**values) -> tuple:
    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def _connect(pipe: str, soffice: subprocess.Popen):
    context = uno.getComponentContext()
    resolver = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", context
    )
    for _attempt in range(120):
        if soffice.poll() is not None:
            sys.exit(f"soffice stopped with {soffice.returncode}")
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            time.sleep(0.5)
    sys.exit("soffice did not answer within 60 s")


def edit(source: Path, target: Path, edits: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory(prefix="rin-lo-") as folder:
        profile = Path(folder) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_LOCALE)
        pipe = f"rin_xlsx_{Path(folder).name}"
        soffice = subprocess.Popen(
            [
                "soffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                f"--accept=pipe,name={pipe};urp;",
            ]
        )
        try:
            context = _connect(pipe, soffice)
            manager = context.ServiceManager
            desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            dispatcher = manager.createInstanceWithContext(
                "com.sun.star.frame.DispatchHelper", context
            )
            # A copy: a lock file left beside the source by a crashed Calc would stop
            # the load with a question that nobody answers here.
            copy = Path(folder) / f"in{source.suffix}"
            shutil.copyfile(source, copy)
            document = desktop.loadComponentFromURL(copy.as_uri(), "_blank", 0, _props(Hidden=True))
            if document is None:
                sys.exit(f"LibreOffice could not open {source}")
            frame = document.getCurrentController().getFrame()
            sheet = document.getSheets().getByIndex(0)
            document.getCurrentController().setActiveSheet(sheet)
            for cell, text in edits:
                if text == "":
                    sheet.getCellRangeByName(cell).clearContents(CONTENTS)
                    continue
                dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, _props(ToPoint=cell))
                dispatcher.executeDispatch(
                    frame, ".uno:EnterString", "", 0, _props(StringName=text)
                )
            document.storeToURL(
                target.resolve().as_uri(), _props(FilterName=FILTERS[target.suffix])
            )
            document.close(True)
        finally:
            with contextlib.suppress(Exception):  # already gone, or never reached
                desktop.terminate()
            try:
                soffice.wait(timeout=30)
            except subprocess.TimeoutExpired:
                soffice.kill()


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        sys.exit(__doc__)
    source, target = Path(argv[0]), Path(argv[1])
    edits = []
    for argument in argv[2:]:
        cell, _sign, text = argument.partition("=")
        edits.append((cell, text.replace("\\n", "\n")))
    edit(source, target, edits)


if __name__ == "__main__":
    main(sys.argv[1:])
